"""Offline translation engine: Argos packages over CTranslate2, sentence splitting,
pivots through English, and language detection. Imports nothing from FastAPI or
service.api, and never ``argostranslate.translate``, torch, stanza or minisbd.

See docs/engine.md for how splitting, batching, pivots and source tokens work.
"""

from service.engine.detect import Detection, detect_language
from service.engine.packages import LanguageInfo, PackageInfo
from service.engine.splitter import split_sentences
from service.engine.translator import Engine, EngineStats, Translation, decoding_options

__all__ = ["Detection", "Engine", "EngineStats", "LanguageInfo", "PackageInfo", "Translation",
           "decoding_options", "detect_language", "split_sentences"]
