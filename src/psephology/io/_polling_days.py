"""The polling days of UK general elections: one table for every reader.

Kept apart from the readers so that the reader of the Library's candidate files, loaded
with format detection, does not load the reader of the 1918-2017 file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

__all__ = ["UK_GENERAL_ELECTIONS"]

#: Polling day of every UK general election from 1918, by psephology's election id.
#: ``ge1974f`` and ``ge1974o`` are the elections of February and October 1974. Where
#: polling spread over several days (university seats until 1945; in 1945 some
#: constituencies polled on 12 or 19 July for local holidays), the date is the main
#: polling day. Source: the list of United Kingdom general elections
#: (https://en.wikipedia.org/wiki/List_of_United_Kingdom_general_elections).
UK_GENERAL_ELECTIONS: Mapping[str, dt.date] = {
    "ge1918": dt.date(1918, 12, 14),
    "ge1922": dt.date(1922, 11, 15),
    "ge1923": dt.date(1923, 12, 6),
    "ge1924": dt.date(1924, 10, 29),
    "ge1929": dt.date(1929, 5, 30),
    "ge1931": dt.date(1931, 10, 27),
    "ge1935": dt.date(1935, 11, 14),
    "ge1945": dt.date(1945, 7, 5),
    "ge1950": dt.date(1950, 2, 23),
    "ge1951": dt.date(1951, 10, 25),
    "ge1955": dt.date(1955, 5, 26),
    "ge1959": dt.date(1959, 10, 8),
    "ge1964": dt.date(1964, 10, 15),
    "ge1966": dt.date(1966, 3, 31),
    "ge1970": dt.date(1970, 6, 18),
    "ge1974f": dt.date(1974, 2, 28),
    "ge1974o": dt.date(1974, 10, 10),
    "ge1979": dt.date(1979, 5, 3),
    "ge1983": dt.date(1983, 6, 9),
    "ge1987": dt.date(1987, 6, 11),
    "ge1992": dt.date(1992, 4, 9),
    "ge1997": dt.date(1997, 5, 1),
    "ge2001": dt.date(2001, 6, 7),
    "ge2005": dt.date(2005, 5, 5),
    "ge2010": dt.date(2010, 5, 6),
    "ge2015": dt.date(2015, 5, 7),
    "ge2017": dt.date(2017, 6, 8),
    "ge2019": dt.date(2019, 12, 12),
    "ge2024": dt.date(2024, 7, 4),
}
