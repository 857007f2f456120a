"""Read gdsweep's HDF5 files with xarray: ``xr.open_dataset(path, engine="gdsweep")`` or :func:`open`."""
from .backend import GdsweepBackendEntrypoint, open, LAYOUT_VERSIONS

__all__ = ["GdsweepBackendEntrypoint", "open", "LAYOUT_VERSIONS"]
__version__ = "0.1.0"
