"""Under the tests (``python3 tasks.py test`` runs these notebooks with nbval), answers go to a
temporary folder, under a test participant code, never into ``assessment/answers/``."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("SPTOOLS_ASSESSMENT_DIR", tempfile.mkdtemp(prefix="sptools-answers-"))
os.environ.setdefault("SPTOOLS_PARTICIPANT", "NBVAL")
