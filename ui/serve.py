"""``python -m ui.serve [streamlit options]``: ``streamlit run app.py``, with the pages' machinery
loaded before the server listens.

A signed-in page needs the query engine, the statistics (SciPy), Plotly and the exhibits; their
imports take ≈1.8 s on a 2-core machine. Under a plain ``streamlit run app.py`` the first person to
sign in after a start waits for them. Here they are imported first, so the health check answers
only once they are loaded (``make run`` and production start the dashboard this way). Only modules
free of Streamlit are loaded (exhibits, figures, metrics, data access): nothing of the UI is
created or run before the first request, and the sign-in form stays as it was.
"""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path

from streamlit.web import cli

APP = Path(__file__).resolve().parent.parent / "app.py"
MACHINERY = (
    "metrics.query",
    "figures.charts",
    "exhibits.build",
    "exhibits.units",
    "exhibits.seed_tables",
    "exhibits.themes",
    "reports.render",
)
"""What the pages import, with everything they bring along (pandas, DuckDB, SciPy, Plotly)."""


def load_machinery() -> float:
    """Import :data:`MACHINERY`; the seconds it took."""
    started = time.perf_counter()
    for module in MACHINERY:
        importlib.import_module(module)
    return time.perf_counter() - started


def main(options: list[str]) -> None:
    """Load the machinery, then run Streamlit's ``streamlit run app.py [options]``."""
    seconds = load_machinery()
    print(f"johdon-tyopoyta: pages' machinery loaded in {seconds:.1f} s", file=sys.stderr, flush=True)
    sys.argv = ["streamlit", "run", str(APP), *options]
    cli.main()


if __name__ == "__main__":
    main(sys.argv[1:])
