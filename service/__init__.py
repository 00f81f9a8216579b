"""Audarma: offline en/ru/kk translation with a name glossary.

Library packages, usable without HTTP:
  service.engine    -- Argos/CTranslate2 translation, sentence splitting, detection, pivots
  service.glossary  -- entities, generated name variants, matching, normalisation
  service.translit  -- Russian and Kazakh romanization schemes
The HTTP layer lives in service.api and the command line in service.cli.
"""

__version__ = "0.1.0"

LANGUAGES = {"en": "English", "ru": "Russian", "kk": "Kazakh"}
