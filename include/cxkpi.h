/**
 * @file cxkpi.h
 * @brief Umbrella header: includes every public cxkpi header.
 */
#ifndef CXKPI_H
#define CXKPI_H

#include "cxkpi/common.h"
#include "cxkpi/version.h"
#include "cxkpi/stats.h"
#include "cxkpi/csat.h"
#include "cxkpi/nps.h"
#include "cxkpi/sla.h"
#include "cxkpi/churn.h"
#include "cxkpi/calendar.h"
#include "cxkpi/ticket_clock.h"
#include "cxkpi/fcr.h"
#include "cxkpi/fcr_tracker.h"
#include "cxkpi/duration.h"
#include "cxkpi/aht.h"
#include "cxkpi/compare.h"
#include "cxkpi/survival.h"

#endif /* CXKPI_H */
