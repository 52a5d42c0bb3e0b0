"""The terminal UI (``stance tui``): the only package of stance that imports Textual.

Build the app with :func:`stance.tui.app.make_app`; the CLI and the tests use the same factory.
"""
