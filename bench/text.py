"""Grapheme-aware text rules (NFC, cut by cluster) against plain code-point slicing.

The content model counts and cuts text by grapheme cluster so letters such as
Jơ Rai "ơ̆" are never split. This measures what that costs per caption, with
Python's str slicing and len() as the baseline, on 20,000 mixed captions.
"""

import time
import unicodedata

from cms.text import grapheme_len, nfc, truncate

SAMPLES = [
    "Bà con tham gia bảo hiểm y tế hộ gia đình để yên tâm khám chữa bệnh khi ốm đau",
    "ធានារ៉ាប់រងសុខភាពសម្រាប់គ្រួសារ ដើម្បីសុខភាពរបស់ក្រុមគ្រួសារ",
    "Kwv tij neeg zej zog! Muaj daim npav pov hwm, thaum mob nej yuav tau kev kho mob",
    "Ih\u01a1\u0306 k\u01b0\u0306 tơ̆ng h\u01a1\u0306 ai pơ ala čar " * 2,
]
CAPTIONS = [unicodedata.normalize("NFD", text) if i % 3 == 0 else text
            for i in range(5000) for text in SAMPLES]


def _time(fn, repeat=3):
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def run(report):
    baseline_cut = _time(lambda: [text[:60] + "…" for text in CAPTIONS])
    measured_cut = _time(lambda: [truncate(text, 60) for text in CAPTIONS])
    report("truncate 20,000 captions at 60 clusters (vs str slice)", measured_cut, baseline_cut)
    baseline_len = _time(lambda: [len(text) for text in CAPTIONS])
    measured_len = _time(lambda: [grapheme_len(text) for text in CAPTIONS])
    report("grapheme length of 20,000 captions (vs len)", measured_len, baseline_len)
    baseline_nfc = _time(lambda: [text.strip() for text in CAPTIONS])
    measured_nfc = _time(lambda: [nfc(text) for text in CAPTIONS])
    report("NFC of 20,000 captions (vs str.strip)", measured_nfc, baseline_nfc)
