"""``python -m wirewatch``: the same CLI as the ``wirewatch`` script, for a checkout run without installing
(``PYTHONPATH=/path/to/checkout python -m wirewatch ...``)."""
from wirewatch.cli import main

if __name__ == "__main__":
    main(prog_name="wirewatch")
