"""Small but real files for the demo: images drawn with Pillow, PDFs saved by Pillow,
and a minimal MP4 header (enough for the content sniffing the clip form does)."""

import io
import struct

from PIL import Image, ImageDraw

PALETTE = [(0, 94, 170), (0, 150, 136), (230, 126, 34), (192, 57, 43), (39, 174, 96), (142, 68, 173)]


def infographic_png(seed, width=1200, height=1500):
    """A bar-chart-like infographic; drawn shapes only, so no font is needed."""
    image = Image.new("RGB", (width, height), (245, 248, 252))
    draw = ImageDraw.Draw(image)
    colour = PALETTE[seed % len(PALETTE)]
    draw.rectangle([0, 0, width, 220], fill=colour)
    for index in range(6):
        top = 320 + index * 190
        length = 250 + ((seed * 7 + index * 131) % 700)
        draw.rounded_rectangle([120, top, 120 + length, top + 120], radius=24,
                               fill=PALETTE[(seed + index) % len(PALETTE)])
        draw.ellipse([40, top + 30, 100, top + 90], fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def photo_jpeg(seed, width=1600, height=900):
    """A gradient 'photo' with a few shapes, standing in for a press photo."""
    base = PALETTE[seed % len(PALETTE)]
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    tint = Image.new("RGB", (width, height), base)
    image = Image.blend(image, tint, 0.6)
    draw = ImageDraw.Draw(image)
    for index in range(5):
        x = (seed * 173 + index * 311) % (width - 200)
        y = (seed * 97 + index * 157) % (height - 200)
        draw.ellipse([x, y, x + 180, y + 180], fill=PALETTE[(seed + index + 1) % len(PALETTE)])
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82)
    return buffer.getvalue()


def leaflet_pdf(seed, pages=2):
    """A real, printable A4 PDF (Pillow writes the PDF container)."""
    sheets = []
    for page in range(pages):
        sheet = Image.new("RGB", (1240, 1754), (255, 255, 255))
        draw = ImageDraw.Draw(sheet)
        draw.rectangle([0, 0, 1240, 300], fill=PALETTE[(seed + page) % len(PALETTE)])
        for line in range(12):
            draw.rectangle([100, 400 + line * 100, 1140 - (line * 37 % 300), 430 + line * 100],
                           fill=(200, 200, 200))
        sheets.append(sheet)
    buffer = io.BytesIO()
    sheets[0].save(buffer, format="PDF", save_all=True, append_images=sheets[1:], resolution=150)
    return buffer.getvalue()


def minimal_mp4():
    """An ISO BMFF file with an ftyp box and an empty mdat: a container, no frames."""
    ftyp = b"isom" + struct.pack(">I", 512) + b"isomiso2avc1mp41"
    ftyp_box = struct.pack(">I", 8 + len(ftyp)) + b"ftyp" + ftyp
    mdat_box = struct.pack(">I", 8) + b"mdat"
    return ftyp_box + mdat_box
