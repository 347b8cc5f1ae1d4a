"""The class report: one self-contained HTML page per assignment (data, SVG plots, rendering)."""
