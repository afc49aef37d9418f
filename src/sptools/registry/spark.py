"""A Spark session for :func:`sptools.registry.link` with ``backend="spark"``.

On one machine, :func:`spark_session` starts Spark in local mode with splink's similarity
functions (a jar shipped inside splink). On a cluster, build the session as the cluster's
administrators say (``SparkSession.builder.master("spark://host:7077")``, or ``yarn``, or
Databricks' own session) and add splink's jar to ``spark.jars``; then pass it as ``spark=``.
Spark needs Java (17 or newer for Spark 4) and the ``pyspark`` package, which is not installed
with sptools (see ``requirements-spark.lock``).

Examples
--------
>>> INSTALL_HINT.startswith("pyspark is not installed")
True
"""

from __future__ import annotations

import shutil
from typing import Any

INSTALL_HINT = (
    "pyspark is not installed: run `.venv/bin/python -m pip install --require-hashes "
    "--no-build-isolation -r requirements-spark.lock` in the repository, and install Java 17 or "
    "newer (Debian/Ubuntu: `apt-get install default-jre-headless`)"
)


def spark_available() -> str | None:
    """``None`` when Spark can run here, else what is missing and how to install it."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return INSTALL_HINT
    if shutil.which("java") is None:
        return (
            "Java is not installed: Spark needs Java 17 or newer "
            "(Debian/Ubuntu: `apt-get install default-jre-headless`)"
        )
    return None


def spark_session(cores: int = 2, memory: str = "2g", app_name: str = "sptools-registry") -> Any:
    """A local Spark session (``local[cores]``) with splink's similarity functions registered.

    Parameters
    ----------
    cores
        Worker threads.
    memory
        Driver memory (``"2g"``): on one machine the driver does all the work.
    """
    missing = spark_available()
    if missing:
        raise ImportError(missing)
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    return (
        SparkSession.builder.master(f"local[{cores}]")
        .appName(app_name)
        .config("spark.driver.memory", memory)
        .config("spark.jars", similarity_jar_location())
        .config("spark.sql.shuffle.partitions", str(max(2, cores * 2)))
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
