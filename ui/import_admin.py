"""The admin's import page: upload (size and type checked), preview the validation, commit, history.

Uploads are written to a private temporary folder under a sanitised name and handed to
``data_access.ingest.pipeline``: the preview writes nothing; the commit is one atomic batch
with its audit row and quarantine file. Cached dashboard figures are keyed by the warehouse's
data version, so they reflect a commit on the next run.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import streamlit as st

import texts
from data_access.events import EVENT_KINDS, EVENT_SCOPES, Event, EventError, add_events
from data_access.ingest.pipeline import (
    KINDS,
    ImportResult,
    Options,
    history,
    import_file,
    preview_file,
    quarantine_file,
)
from data_access.ingest.validation import RowError
from texts import t
from ui import facade
from ui.context import current

MAX_UPLOAD_MB = 200
"""Matches Streamlit's default ``server.maxUploadSize``; larger files are refused before reading."""

TABLE_TYPES = ("csv", "txt", "xlsx")
_OWN_TYPES: dict[str, tuple[str, ...]] = {
    "happyornot": ("csv", "json", "xlsx"),
    "happyornot-metadata": ("json", "csv"),
    "open311": ("json",),
}
ALLOWED_TYPES: dict[str, tuple[str, ...]] = {kind: _OWN_TYPES.get(kind, TABLE_TYPES) for kind in KINDS}
SIDE_FILES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "happyornot": (("surveys", ("json",)), ("points", ("json",))),
    "open311": (("internal", TABLE_TYPES), ("services", ("toml",))),
    "survey-wide": (("mapping", TABLE_TYPES),),
}
"""Extra files some kinds take: (option name, allowed types). Open311's are optional: without the
internal export, type and category come from the service-code mapping (the shipped one unless given)."""
REQUIRED_SIDE = {"survey-wide": "mapping"}

STAGED_KEY = "import_staged"
RESULT_KEY = "import_result"
_SAFE_NAME = re.compile(r"[^\w.\- ]+")


@dataclass
class Staged:
    """Uploaded files waiting for preview and commit."""

    kind: str
    folder: Path
    files: list[Path]
    display_names: list[str]
    options: Options = field(default_factory=Options)


def safe_name(name: str) -> str:
    """A file name without folders or unusual characters (``../../x;.csv`` → ``x.csv``)."""
    base = Path(name.replace("\\", "/")).name
    cleaned = _SAFE_NAME.sub("", base).strip(" .") or "upload"
    return cleaned[:120]


def check_upload(name: str, data: bytes, allowed: tuple[str, ...]) -> str | None:
    """Why an upload is refused (a message in the UI language), or None when it may be read."""
    suffix = Path(name).suffix.lower().lstrip(".")
    if len(data) > MAX_UPLOAD_MB * 1024 * 1024:
        return t("import.too_large", name=name, size=texts.number(len(data) / 1e6), limit=MAX_UPLOAD_MB)
    if suffix not in allowed:
        return t("import.bad_type", name=name, allowed=", ".join(allowed))
    head = data[:8].lstrip(b"\xef\xbb\xbf \t\r\n")
    is_zip = data.startswith(b"PK\x03\x04")
    if (suffix == "xlsx") != is_zip or (suffix == "json" and head[:1] not in (b"{", b"[")):
        return t("import.bad_content", name=name)
    return None


def stage(kind: str, uploads: list[tuple[str, bytes]], side: dict[str, tuple[str, bytes]]) -> Staged:
    """Write the uploads into a new private folder; returns what preview and commit need."""
    folder = Path(tempfile.mkdtemp(prefix="johdon-import-"))
    files, names = [], []
    for index, (name, data) in enumerate(uploads):
        path = folder / f"{index:02d}" / safe_name(name)
        path.parent.mkdir()
        path.write_bytes(data)
        files.append(path)
        names.append(safe_name(name))
    paths = {}
    for option, (name, data) in side.items():
        path = folder / option / safe_name(name)
        path.parent.mkdir()
        path.write_bytes(data)
        paths[option] = path
    metadata = tuple(paths[o] for o in ("surveys", "points") if o in paths)
    options = Options(
        metadata=metadata,
        internal=paths.get("internal"),
        mapping=paths.get("mapping"),
        services=paths.get("services"),
    )
    return Staged(kind, folder, files, names, options)


def discard(staged: Staged | None) -> None:
    """Remove a staged upload's temporary folder."""
    if staged is not None:
        shutil.rmtree(staged.folder, ignore_errors=True)


def reason(error: RowError, language: str) -> str:
    """An error's reason in the UI language (the validation messages exist in Finnish and English)."""
    if language == "fi":
        return error.message_fi
    if language == "en":
        return error.message_en
    return f"{error.message_fi} / {error.message_en}"


def error_table(results: list[ImportResult], language: str) -> pd.DataFrame:
    """Every error of the results: file, line, column and reason, with translated headers."""
    rows = [
        {
            t("import.col.file", language): error.file,
            t("import.col.row", language): "" if error.row is None else str(error.row),
            t("import.col.column", language): error.column or "",
            t("import.col.reason", language): reason(error, language),
        }
        for result in results
        for error in result.errors
    ]
    columns = [t(f"import.col.{c}", language) for c in ("file", "row", "column", "reason")]
    return pd.DataFrame(rows, columns=columns)


def summary_table(results: list[ImportResult], language: str) -> pd.DataFrame:
    """One row per file: status and row counts, with translated headers."""
    return pd.DataFrame(
        {
            t("import.col.file", language): [r.file for r in results],
            t("import.col.status", language): [t(f"import.status.{r.status}", language) for r in results],
            t("import.col.rows_in", language): [r.rows_in for r in results],
            t("import.col.written", language): [r.rows_written for r in results],
            t("import.col.already", language): [r.rows_already_stored for r in results],
            t("import.col.rejected", language): [r.rows_rejected for r in results],
        }
    )


def history_table(rows: pd.DataFrame, language: str) -> pd.DataFrame:
    """The import history rows (:func:`history`) for display, with translated headers."""
    columns = (
        "imported_at",
        "source",
        "file_name",
        "imported_by",
        "rows_in",
        "rows_accepted",
        "rows_rejected",
    )
    shown = rows[["batch_id", *columns]].copy()
    stamps = pd.to_datetime(rows["imported_at"])
    shown["imported_at"] = [texts.day(v.date(), language) + v.strftime(" %H:%M") for v in stamps]
    shown["status"] = [t(f"import.batch_status.{s}", language) for s in rows["status"]]
    return shown.rename(columns={c: t(f"import.col.{c}", language) for c in (*columns, "batch_id", "status")})


def _uploads(kind: str) -> tuple[list[tuple[str, bytes]], dict[str, tuple[str, bytes]], list[str]]:
    problems: list[str] = []
    chosen = st.file_uploader(
        t("import.file"), type=list(ALLOWED_TYPES[kind]), accept_multiple_files=True, key=f"upload_{kind}"
    )
    uploads = [(f.name, f.getvalue()) for f in chosen or []]
    side: dict[str, tuple[str, bytes]] = {}
    for option, types in SIDE_FILES.get(kind, ()):
        extra = st.file_uploader(t(f"import.side.{option}"), type=list(types), key=f"upload_{kind}_{option}")
        if extra is not None:
            side[option] = (extra.name, extra.getvalue())
    for option, (name, data) in side.items():
        problem = check_upload(name, data, dict(SIDE_FILES[kind])[option])
        problems += [problem] if problem else []
    for name, data in uploads:
        problem = check_upload(name, data, ALLOWED_TYPES[kind])
        problems += [problem] if problem else []
    required = REQUIRED_SIDE.get(kind)
    if uploads and required and required not in side:
        problems.append(t("import.missing_side", what=t(f"import.side.{required}")))
    return uploads, side, problems


def _upload_section(root: Path, language: str) -> None:
    kind = st.selectbox(
        t("import.kind"), list(KINDS), format_func=lambda k: t(f"import.kind.{k}"), key="import_kind"
    )
    strict = st.checkbox(t("import.strict"), help=t("import.strict_help"), key="import_strict")
    uploads, side, problems = _uploads(kind)
    for problem in problems:
        st.error(problem)
    if st.button(t("import.preview_button"), disabled=not uploads or bool(problems), key="import_preview"):
        discard(st.session_state.get(STAGED_KEY))
        st.session_state[STAGED_KEY] = stage(kind, uploads, side)
        st.session_state.pop(RESULT_KEY, None)
    staged: Staged | None = st.session_state.get(STAGED_KEY)
    if staged is None:
        return
    previews = [
        preview_file(root, staged.kind, path, strict=strict, options=staged.options, display_name=name)
        for path, name in zip(staged.files, staged.display_names, strict=True)
    ]
    st.subheader(t("import.preview_title"))
    st.dataframe(summary_table(previews, language), hide_index=True)
    errors = error_table(previews, language)
    if not errors.empty:
        st.warning(t("import.errors_found", count=len(errors)))
        st.dataframe(errors, hide_index=True)
    importable = any(p.status in ("ok", "partial") for p in previews)
    if st.button(t("import.commit_button"), disabled=not importable, type="primary", key="import_commit"):
        user = current().user.username
        results = [
            import_file(
                root, staged.kind, path, user=user, strict=strict, options=staged.options, display_name=name
            )
            for path, name in zip(staged.files, staged.display_names, strict=True)
        ]
        discard(staged)
        st.session_state.pop(STAGED_KEY, None)
        st.session_state[RESULT_KEY] = results
        st.rerun()


def _last_result() -> None:
    results: list[ImportResult] | None = st.session_state.get(RESULT_KEY)
    if not results:
        return
    for result in results:
        st.success(
            t(
                "import.committed",
                file=result.file,
                status=t(f"import.status.{result.status}"),
                written=result.rows_written,
                already=result.rows_already_stored,
                rejected=result.rows_rejected,
            )
        )
        if result.rows_replaced or result.rows_skipped:
            st.info(t("import.versions", replaced=result.rows_replaced, skipped=result.rows_skipped))
        for note in result.notes:
            st.info(note)


def _history_section(root: Path, language: str) -> None:
    st.subheader(t("import.history_title"))
    rows = history(root)
    if rows.empty:
        st.info(t("import.no_history"))
        return
    st.dataframe(history_table(rows, language), hide_index=True)
    batches = rows.loc[rows["quarantine"].astype(bool), "batch_id"].tolist()
    if not batches:
        return
    batch = st.selectbox(t("import.pick_batch"), batches, key="import_quarantine_batch")
    path = quarantine_file(root, batch)
    if path is not None:
        st.download_button(
            t("import.download"), data=path.read_bytes(), file_name=f"karanteeni-{batch}.csv", mime="text/csv"
        )


def events_table(events: pd.DataFrame, language: str) -> pd.DataFrame:
    """The stored events as the form lists them (dates, scope, kind, text in the language)."""

    def text(row: pd.Series) -> str:
        own = row.get(f"text_{language}")
        return own if isinstance(own, str) and own else row["text_fi"]

    return pd.DataFrame(
        {
            t("event.column.starts_on"): [texts.day(pd.Timestamp(v).date()) for v in events["starts_on"]],
            t("event.column.ends_on"): [
                texts.day(pd.Timestamp(v).date()) if pd.notna(v) else "" for v in events["ends_on"]
            ],
            t("event.column.scope"): [
                t("event.scope.all") if scope == "all" else f"{t(f'dim.{scope}')}: {target}"
                for scope, target in zip(events["scope"], events["scope_id"], strict=True)
            ],
            t("event.column.kind"): [t(f"event.kind.{k}") for k in events["kind"]],
            t("event.column.text"): [text(row) for _, row in events.iterrows()],
        }
    )


def _events_section(root: Path, language: str) -> None:
    st.subheader(t("event.form.title"))
    st.caption(t("event.form.help"))
    with st.form("event_form", clear_on_submit=True):
        starts_on = st.date_input(t("event.form.starts_on"), key="event_starts_on", format="DD.MM.YYYY")
        has_end = st.checkbox(t("event.form.has_end"), key="event_has_end")
        ends_on = st.date_input(t("event.form.ends_on"), key="event_ends_on", format="DD.MM.YYYY")
        scope = st.selectbox(
            t("event.form.scope"),
            list(EVENT_SCOPES),
            format_func=lambda s: t("event.scope.all") if s == "all" else t(f"dim.{s}"),
            key="event_scope",
        )
        scope_id = st.text_input(t("event.form.scope_id"), key="event_scope_id")
        kind = st.selectbox(
            t("event.form.kind"),
            list(EVENT_KINDS),
            format_func=lambda k: t(f"event.kind.{k}"),
            key="event_kind",
        )
        text_fi = st.text_input(t("event.form.text_fi"), key="event_text_fi")
        text_sv = st.text_input(t("event.form.text_sv"), key="event_text_sv")
        text_en = st.text_input(t("event.form.text_en"), key="event_text_en")
        submitted = st.form_submit_button(t("event.form.submit"))
    if submitted:
        event = Event(
            starts_on=starts_on,
            ends_on=ends_on if has_end else None,
            scope=scope,
            scope_id=scope_id.strip() or None,
            kind=kind,
            text_fi=text_fi,
            text_sv=text_sv,
            text_en=text_en,
        )
        try:
            (stored,) = add_events(root, [event], imported_by=current().user.username)
        except EventError as error:
            st.error(t("event.form.error", error=error))
        else:
            st.success(t("event.form.added", event_id=stored))
    events = facade.dimensions().events
    if not events.empty:
        st.caption(t("event.form.list"))
        st.dataframe(events_table(events, language), hide_index=True)


def render() -> None:
    """The whole import page (admins only; others see a notice and nothing else)."""
    if current().user.role != "admin":
        st.error(t("import.admin_only"))
        st.stop()
    language = texts.current_language()
    root = facade.warehouse().root
    _last_result()
    _upload_section(root, language)
    _events_section(root, language)
    _history_section(root, language)
