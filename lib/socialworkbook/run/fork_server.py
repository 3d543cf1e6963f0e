"""What the kernels' fork server imports first (`kernels.HEAVY_MODULES`), to be set before the rest.

- The cyclic garbage collector is paused: the modules the server imports next live as long as
  it does, and collecting while they are made took a sixth of the import time, which the
  batch's first notebooks wait for. A kernel forked from the server turns it on again
  (`kernels._kernel_main`).
- debugpy is marked absent, so no batch kernel has a debugger. Nobody attaches one to a notebook
  that runs in a batch, yet ipykernel imports one whenever it finds debugpy: pydevd's 146
  modules, half of each kernel's start, and a warning about frozen modules if the server
  imported it once for all. The analysts' own kernels in JupyterLab are not forked from the
  server and keep theirs.
"""

import gc
import sys

gc.disable()
sys.modules.setdefault("debugpy", None)  # None: Python's own mark for a module that is absent
