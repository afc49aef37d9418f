"""Build hook: ship a copy of the datasets inside the wheel (``sptools/_data``).

The repository keeps its datasets in the top-level ``datasets/`` folder, whose layout is fixed;
this copies the files :func:`sptools.datasets.data_dir` needs into the built package, so that a
normal (non-editable) install finds them. Everything else is configured in ``pyproject.toml``.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

DATASETS = Path(__file__).resolve().parent / "datasets"
#: what the wheel ships: the survey (parquet only; the CSV copies are for spreadsheets), reference
#: tables, codebooks, the administrative registers and the manifest of checksums
SHIPPED = ("MANIFEST.txt", "*.csv", "reference/*.csv", "survey/*.parquet", "admin/*.csv")


class BuildWithDatasets(build_py):
    """``build_py`` that also copies the shipped datasets into ``sptools/_data``."""

    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "sptools" / "_data"
        for pattern in SHIPPED:
            for source in sorted(DATASETS.glob(pattern)):
                destination = target / source.relative_to(DATASETS)
                self.mkpath(str(destination.parent))
                self.copy_file(str(source), str(destination))


setup(cmdclass={"build_py": BuildWithDatasets})
