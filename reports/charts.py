"""Bar charts of the monthly figures as inline SVG, drawn on the server.

Hand-written because the need is a few rectangles and labels: a charting library (or a
script from a CDN) would add weight to the admin for nothing, and SVG renders everywhere
without JavaScript.
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from reports import series


def channel_labels():
    return series.labels()


def _axis_top(largest, ticks=4):
    """The smallest 4 × (1, 2 or 5 × 10^k) at or above ``largest``, so every axis label is a whole number."""
    magnitude = 1
    while True:
        for step in (1, 2, 5):
            if step * magnitude * ticks >= largest:
                return step * magnitude * ticks
        magnitude *= 10


def bar_chart(months, channels, *, title, width=720, height=260):
    """Grouped bars: one group per month, one bar per channel. ``months`` as from monthly_figures()."""
    labels, colours = channel_labels(), series.colours()
    top = _axis_top(max([counts[channel] for _month, counts in months for channel in channels] + [0]))
    left, bottom, right, header = 48, 36, 12, 40
    plot_w, plot_h = width - left - right, height - bottom - header
    group_w = plot_w / max(len(months), 1)
    bar_w = max(min(group_w * 0.8 / len(channels), 28), 2)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="report-chart" viewBox="0 0 {width} {height}" '
             f'width="100%" style="max-width:{width}px" aria-label="{escape(title)}">',
             f'<title>{escape(title)}</title>',
             f'<text x="{left}" y="16" font-size="14" font-weight="bold" fill="currentColor">{escape(title)}</text>']
    for index, channel in enumerate(channels):  # legend
        x = left + index * 170
        parts.append(f'<rect x="{x}" y="24" width="10" height="10" fill="{colours[channel]}"/>'
                     f'<text x="{x + 14}" y="33" font-size="11" fill="currentColor">{escape(labels[channel])}</text>')
    base = header + plot_h
    for step in range(5):  # grid and axis values
        value = top * step / 4
        y = base - plot_h * step / 4
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ccc" '
                     f'stroke-width="0.5"/>'
                     f'<text x="{left - 4}" y="{y + 4:.1f}" font-size="10" text-anchor="end" fill="currentColor">'
                     f'{value:,.0f}</text>')
    for group, (month, counts) in enumerate(months):
        x0 = left + group * group_w + (group_w - bar_w * len(channels)) / 2
        for index, channel in enumerate(channels):
            value = counts[channel]
            bar_h = plot_h * value / top
            x = x0 + index * bar_w
            parts.append(f'<rect x="{x:.1f}" y="{base - bar_h:.1f}" width="{bar_w - 1:.1f}" height="{bar_h:.1f}" '
                         f'fill="{colours[channel]}"><title>{escape(labels[channel])} '
                         f'{month.strftime("%m/%Y")}: {value}</title></rect>')
        parts.append(f'<text x="{left + group * group_w + group_w / 2:.1f}" y="{height - 14}" font-size="10" '
                     f'text-anchor="middle" fill="currentColor">{month.strftime("%m/%Y")}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))
