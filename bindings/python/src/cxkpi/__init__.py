"""cxkpi -- customer-service KPIs (CSAT, NPS, FCR, SLA, durations, AHT, churn) over the cxkpi C library, via ctypes.

>>> import cxkpi
>>> csat = cxkpi.Csat(scale_min=1, scale_max=5, satisfied_min=4)
>>> csat.add_many(bytes([5, 4, 2, 5, 3]))
>>> csat.percent, csat.count
(60.0, 5)

Every accumulator merges (``a + b``, ``a += b``, ``sum(...)``), copies, compares,
serializes (``to_bytes``/``from_bytes``, pickle) and frees its C memory on ``close()``, at
the end of a ``with`` block, or when garbage collected. Errors of the C library are
subclasses of :class:`CxkpiError` (see :mod:`cxkpi.errors`).

The C library is found through ``CXKPI_LIBRARY``, then next to this package, then
``ctypes.util.find_library("cxkpi")``.
"""
from __future__ import annotations

from ._lib import LIBRARY_PATH, LIBRARY_VERSION, LIBRARY_VERSION_NUMBER
from ._base import Accumulator, Handle, Serializable
from .aht import Aht, AhtPart
from .calendar import Calendar, ClockState, TicketClock, Weekday
from .churn import Churn, ChurnCounts
from .compare import (Comparison, nps_difference, nps_difference_counts, percent_difference,
                      proportion_difference)
from .csat import Csat
from .duration import Duration
from .errors import (CounterOverflowError, CxkpiError, EmptyError, FileError, FormatError,
                     InvalidArgumentError, InvalidTypeError, MismatchError, NoSpaceError,
                     NotFoundError, OrderError, OutOfMemoryError, RangeError, VersionError, error_class)
from .fcr import Fcr, FcrCounts, FcrFlag, FcrTracker
from .nps import Nps, NpsGroups
from .sla import Lateness, Sla
from .stats import normal_z, wilson_interval
from .survival import Estimate, Survival

#: Version of this Python package.
__version__ = "0.1.0"

__all__ = [
    "Accumulator", "Handle", "Serializable",
    "Csat", "Nps", "NpsGroups", "Fcr", "FcrFlag", "FcrCounts", "FcrTracker", "Sla", "Lateness",
    "Duration", "Aht", "AhtPart", "Churn", "ChurnCounts", "Calendar", "TicketClock", "Weekday",
    "ClockState", "Survival", "Estimate",
    "normal_z", "wilson_interval",
    "Comparison", "proportion_difference", "nps_difference_counts", "nps_difference",
    "percent_difference",
    "CxkpiError", "InvalidArgumentError", "InvalidTypeError", "RangeError", "EmptyError",
    "CounterOverflowError",
    "OutOfMemoryError", "MismatchError", "NoSpaceError", "FormatError", "VersionError",
    "NotFoundError", "OrderError", "FileError", "error_class",
    "LIBRARY_PATH", "LIBRARY_VERSION", "LIBRARY_VERSION_NUMBER", "__version__",
]
