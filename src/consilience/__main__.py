"""``python -m consilience`` runs the CLI."""

from consilience.cli import main

main()
