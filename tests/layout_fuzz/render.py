"""Logical tables -> a sheet's cells (layout noise), and cells -> .xlsx (openpyxl or XlsxWriter).

A Table is what a coordinator means (a header and rows); render() places it on a sheet with title
rows, spacer rows and columns, a merged header band, a totals row and shuffled columns, and keeps
the map from logical (row, column) to the sheet's cell so that planted mistakes are known by cell.
"""
import datetime as dt
import os
from dataclasses import dataclass, field
from typing import Optional

DATE_FMT = "dd/mm/yyyy"
DATETIME_FMT = "m/d/yy h:mm:ss"
GBP_FMT = '"£"#,##0.00'


def col_letter(c):
    """1-based column number -> letters."""
    s = ""
    while c:
        c, rem = divmod(c - 1, 26)
        s = chr(65 + rem) + s
    return s


def a1(row, col):
    return f"{col_letter(col)}{row}"


@dataclass
class Sum:
    """A totals-row cell: the sum of its column's data cells (a formula with its cached value where
    the producer can write one, the plain number otherwise)."""
    value: float


@dataclass
class Table:
    name: str
    headers: list
    rows: list                                      # list of lists, one per data row
    fmts: dict = field(default_factory=dict)        # logical column -> "date"/"datetime"/"gbp"
    qcols: list = field(default_factory=list)       # paired surveys: (before column, after column)
    title: list = field(default_factory=list)       # text rows above the header
    total: Optional[list] = None                    # the totals row (values or Sum), below the data
    legend: Optional[str] = None                    # e.g. "✓ = present, x = absent"
    legend_below: bool = False
    blocks: list = field(default_factory=list)      # lists of logical columns kept together, in order
    band: Optional[tuple] = None                    # (text, [logical columns]) merged above the header
    band_vertical: bool = False                     # other headers merged down over band + header rows
    spacer_cols: int = 0
    blank_after_header: bool = False
    blank_mid: bool = False
    shuffle: bool = False
    # filled by render():
    row_of: dict = field(default_factory=dict)      # logical data row -> sheet row (1-based)
    col_of: dict = field(default_factory=dict)      # logical column -> sheet column (1-based)
    header_row: int = 0


@dataclass
class Grid:
    name: str
    cells: dict = field(default_factory=dict)       # (row, col) -> value
    fmts: dict = field(default_factory=dict)        # (row, col) -> fmt key
    merges: list = field(default_factory=list)      # (r1, c1, r2, c2)
    formulas: dict = field(default_factory=dict)    # (row, col) -> (formula, cached value)
    bold: set = field(default_factory=set)


def render(t, rng):
    g = Grid(t.name)
    n = len(t.headers)
    # column order: blocks stay together and in order; everything else may be shuffled
    in_block = {c for b in t.blocks for c in b}
    units = [[c] for c in range(n) if c not in in_block] + [list(b) for b in t.blocks]
    units.sort(key=lambda u: u[0])
    if t.shuffle:
        rng.shuffle(units)
    order = [c for u in units for c in u]
    # spacer columns: blank columns between units (never inside a block)
    spacer_after = set()
    if t.spacer_cols and len(units) > 1:
        cand = list(range(len(units) - 1))
        spacer_after = set(rng.sample(cand, min(t.spacer_cols, len(cand))))
    col = 1
    if t.spacer_cols and rng.random() < 0.3:
        col = 2                                     # a blank column A
    for ui, u in enumerate(units):
        for c in u:
            t.col_of[c] = col
            col += 1
        if ui in spacer_after:
            col += 1
    last_col = col - 1
    row = 1
    for text in t.title:
        if text is not None:
            g.cells[(row, 1)] = text
            g.bold.add((row, 1))
        row += 1
    if t.legend and not t.legend_below:
        g.cells[(row, 1)] = t.legend
        row += 2
    if t.band:
        text, cols = t.band
        band_row = row
        cs = sorted(t.col_of[c] for c in cols)
        assert cs == list(range(cs[0], cs[-1] + 1)), "a merged band must cover adjacent columns"
        g.cells[(band_row, cs[0])] = text
        g.bold.add((band_row, cs[0]))
        if cs[-1] > cs[0]:
            g.merges.append((band_row, cs[0], band_row, cs[-1]))
        row += 1
    t.header_row = row
    for c, h in enumerate(t.headers):
        cc = t.col_of[c]
        if t.band and t.band_vertical and c not in t.band[1]:
            g.cells[(row - 1, cc)] = h               # merged down: the text sits in the band row
            g.merges.append((row - 1, cc, row, cc))
            g.bold.add((row - 1, cc))
        else:
            if h is not None:
                g.cells[(row, cc)] = h
                if isinstance(h, dt.date):
                    g.fmts[(row, cc)] = "date"
            g.bold.add((row, cc))
    row += 1
    if t.blank_after_header:
        row += 1
    mid = len(t.rows) // 2 if t.blank_mid and len(t.rows) >= 4 else None
    for i, values in enumerate(t.rows):
        if i == mid:
            row += 1
        t.row_of[i] = row
        for c, v in enumerate(values):
            if v is None or v == "":
                if v == "":
                    g.cells[(row, t.col_of[c])] = ""
                continue
            g.cells[(row, t.col_of[c])] = v
            f = t.fmts.get(c)
            if isinstance(v, dt.datetime):
                f = f or "datetime"
            elif isinstance(v, dt.date):
                f = "date"
            if f and not isinstance(v, str):
                g.fmts[(row, t.col_of[c])] = f
        row += 1
    first, last = (t.row_of[0], t.row_of[len(t.rows) - 1]) if t.rows else (row, row)
    if t.total:
        for c, v in enumerate(t.total):
            if v is None:
                continue
            cc = t.col_of[c]
            if isinstance(v, Sum):
                g.cells[(row, cc)] = v.value
                g.formulas[(row, cc)] = (f"=SUM({a1(first, cc)}:{a1(last, cc)})", v.value)
                if t.fmts.get(c):
                    g.fmts[(row, cc)] = t.fmts[c]
            else:
                g.cells[(row, cc)] = v
            g.bold.add((row, cc))
        row += 1
    if t.legend and t.legend_below:
        g.cells[(row + 1, 1)] = t.legend
    # drop empty strings (they only marked a cell left blank on purpose)
    g.cells = {k: v for k, v in g.cells.items() if v != ""}
    return g


def write_openpyxl(grids, path):
    import openpyxl
    from openpyxl.styles import Font
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    bold = Font(bold=True)
    fmt = {"date": DATE_FMT, "datetime": DATETIME_FMT, "gbp": GBP_FMT}
    for g in grids:
        ws = wb.create_sheet(g.name)
        for (r, c), v in g.cells.items():
            cell = ws.cell(row=r, column=c, value=v)
            if (r, c) in g.fmts:
                cell.number_format = fmt[g.fmts[(r, c)]]
            if (r, c) in g.bold:
                cell.font = bold
        for r1, c1, r2, c2 in g.merges:
            ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
    wb.properties.creator = "layout_fuzz"
    wb.save(path)


def write_xlsxwriter(grids, path):
    import xlsxwriter
    wb = xlsxwriter.Workbook(path, {"strings_to_numbers": False, "strings_to_formulas": False,
                                    "strings_to_urls": False})
    formats = {}

    def fmt(key, bold):
        k = (key, bold)
        if k not in formats:
            props = {}
            if key:
                props["num_format"] = {"date": DATE_FMT, "datetime": DATETIME_FMT, "gbp": GBP_FMT}[key]
            if bold:
                props["bold"] = True
            formats[k] = wb.add_format(props) if props else None
        return formats[k]

    for g in grids:
        ws = wb.add_worksheet(g.name)
        merged = {}
        for r1, c1, r2, c2 in g.merges:
            merged[(r1, c1)] = (r2, c2)
        covered = {(r, c) for (r1, c1), (r2, c2) in merged.items()
                   for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
        for (r1, c1), (r2, c2) in merged.items():
            v = g.cells.get((r1, c1), "")
            ws.merge_range(r1 - 1, c1 - 1, r2 - 1, c2 - 1, v, fmt(None, (r1, c1) in g.bold))
        for (r, c), v in g.cells.items():
            if (r, c) in covered:
                continue
            f = fmt(g.fmts.get((r, c)), (r, c) in g.bold)
            if (r, c) in g.formulas:
                formula, cached = g.formulas[(r, c)]
                ws.write_formula(r - 1, c - 1, formula, f, cached)
            elif isinstance(v, dt.datetime):
                ws.write_datetime(r - 1, c - 1, v, f)
            elif isinstance(v, dt.date):
                ws.write_datetime(r - 1, c - 1, dt.datetime(v.year, v.month, v.day), f)
            elif isinstance(v, str):
                ws.write_string(r - 1, c - 1, v, f)
            else:
                ws.write_number(r - 1, c - 1, v, f)
    wb.close()


def libreoffice_resave(paths, outdir, profile):
    """Re-save each .xlsx through LibreOffice (one soffice process for the batch). Returns the set
    of paths that were converted, and replaces each original with LibreOffice's file."""
    import shutil
    import subprocess
    soffice = shutil.which("soffice")
    if not soffice or not paths:
        return set(), "soffice not found" if not soffice else ""
    os.makedirs(outdir, exist_ok=True)
    cmd = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
           "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", outdir] + list(paths)
    try:
        subprocess.run(cmd, capture_output=True, timeout=120 + 10 * len(paths))
    except subprocess.TimeoutExpired:
        return set(), "soffice timed out"
    done = set()
    for p in paths:
        out = os.path.join(outdir, os.path.basename(p))
        if os.path.exists(out) and os.path.getsize(out) > 0:
            shutil.move(out, p)
            done.add(p)
    return done, ""
