/* Internals of cxkpi_calendar shared with the text parser and the ticket clock. */
#ifndef CXKPI_TIME_CALENDAR_INTERNAL_H
#define CXKPI_TIME_CALENDAR_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "cxkpi/calendar.h"

/* True when t is an accepted instant. */
bool cxkpi__instant_valid(int64_t t);

#endif
