"""Build the compiled rule modules (see etl/native.py); a failed build leaves plain Python."""
from etl.native import main

if __name__ == "__main__":
    raise SystemExit(main())
