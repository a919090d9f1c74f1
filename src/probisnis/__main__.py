import sys

from probisnis.cli import main

sys.exit(main())
