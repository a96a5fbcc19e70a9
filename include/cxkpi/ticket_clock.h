/**
 * @file cxkpi/ticket_clock.h
 * @brief Ticket clock: the working time of one ticket between start/resume and
 *        pause/stop, counted under a business-hours calendar (cxkpi/calendar.h).
 *
 * Instants are UTC seconds since 1970-01-01 (Unix time), in the range the calendar
 * accepts (#CXKPI_CALENDAR_MIN_INSTANT to #CXKPI_CALENDAR_MAX_INSTANT); results are whole
 * seconds.
 */
#ifndef CXKPI_TICKET_CLOCK_H
#define CXKPI_TICKET_CLOCK_H

#include "cxkpi/common.h"
#include "cxkpi/calendar.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief Opaque ticket clock: accumulates working time between start/resume and
 *        pause/stop under a calendar, e.g. not counting time pending on the customer.
 *
 * States: idle → (start) → running ⇄ (pause/resume) paused → (stop) → stopped.
 * Events carry UTC instants which must not go backwards. To feed an SLA or a duration
 * accumulator, read cxkpi_ticket_clock_seconds() and pass that number of seconds to it.
 * Not locked: one clock per ticket and thread.
 */
typedef struct cxkpi_ticket_clock cxkpi_ticket_clock;

/** @brief States of a ticket clock. */
typedef enum cxkpi_clock_state {
    CXKPI_CLOCK_IDLE = 0,    /**< Not started. */
    CXKPI_CLOCK_RUNNING = 1, /**< Counting working time. */
    CXKPI_CLOCK_PAUSED = 2,  /**< Not counting (e.g. pending on the customer). */
    CXKPI_CLOCK_STOPPED = 3  /**< Finished; the total is final. */
} cxkpi_clock_state;

/**
 * @brief Creates an idle clock.
 * @param[out] out receives the clock, owned by the caller (cxkpi_ticket_clock_free()).
 * @param cal the calendar, borrowed: it must outlive the clock and not change while the
 *            clock is used. NULL means plain elapsed time (every second counts).
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p out is NULL.
 * @retval CXKPI_ENOMEM.
 */
CXKPI_API cxkpi_status cxkpi_ticket_clock_new(cxkpi_ticket_clock **out, const cxkpi_calendar *cal);

/** @brief Destroys a clock (not its calendar). NULL is a no-op. */
CXKPI_API void cxkpi_ticket_clock_free(cxkpi_ticket_clock *clock);

/**
 * @brief Starts an idle clock at @p instant.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p clock is NULL.
 * @retval CXKPI_ERANGE @p instant out of range.
 * @retval CXKPI_EORDER the clock is not idle.
 */
CXKPI_API cxkpi_status cxkpi_ticket_clock_start(cxkpi_ticket_clock *clock, int64_t instant);

/**
 * @brief Pauses a running clock at @p instant, adding the working time since the last
 *        start/resume.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p clock is NULL.
 * @retval CXKPI_ERANGE @p instant out of range.
 * @retval CXKPI_EORDER the clock is not running, or @p instant is before the previous event.
 * @retval CXKPI_EOVERFLOW the total would exceed INT64_MAX (cannot happen within the range).
 */
CXKPI_API cxkpi_status cxkpi_ticket_clock_pause(cxkpi_ticket_clock *clock, int64_t instant);

/**
 * @brief Resumes a paused clock at @p instant.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p clock is NULL.
 * @retval CXKPI_ERANGE @p instant out of range.
 * @retval CXKPI_EORDER the clock is not paused, or @p instant is before the previous event.
 */
CXKPI_API cxkpi_status cxkpi_ticket_clock_resume(cxkpi_ticket_clock *clock, int64_t instant);

/**
 * @brief Stops a running or paused clock at @p instant; the total becomes final.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p clock is NULL.
 * @retval CXKPI_ERANGE @p instant out of range.
 * @retval CXKPI_EORDER the clock is idle or stopped, or @p instant is before the previous event.
 */
CXKPI_API cxkpi_status cxkpi_ticket_clock_stop(cxkpi_ticket_clock *clock, int64_t instant);

/**
 * @brief Working seconds counted so far. While running, this includes the time from the
 *        last start/resume up to @p now; otherwise @p now is ignored.
 * @param clock the clock. @param now current UTC instant (used only while running).
 * @param[out] seconds receives the total.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a NULL pointer.
 * @retval CXKPI_ERANGE @p now out of range while running.
 * @retval CXKPI_EORDER running and @p now is before the last event.
 */
CXKPI_API cxkpi_status cxkpi_ticket_clock_seconds(const cxkpi_ticket_clock *clock, int64_t now,
                                                  int64_t *seconds);

/**
 * @brief When the clock will have counted @p target working seconds if it keeps running:
 *        the "SLA due at" of a ticket.
 * @param clock the clock, running. @param target working seconds, >= 0.
 * @param[out] due receives the instant (the last start/resume plus the remaining working
 *             time under the calendar; the last event's instant when already reached).
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a NULL pointer.
 * @retval CXKPI_EORDER the clock is not running.
 * @retval CXKPI_ERANGE as cxkpi_calendar_add().
 */
CXKPI_API cxkpi_status cxkpi_ticket_clock_due(const cxkpi_ticket_clock *clock, int64_t target,
                                              int64_t *due);

/**
 * @brief The clock's state.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL a NULL pointer.
 */
CXKPI_API cxkpi_status cxkpi_ticket_clock_state(const cxkpi_ticket_clock *clock,
                                                cxkpi_clock_state *state);

/**
 * @brief Returns the clock to idle with nothing counted, keeping its calendar.
 * @retval CXKPI_OK success.
 * @retval CXKPI_EINVAL @p clock is NULL.
 */
CXKPI_API cxkpi_status cxkpi_ticket_clock_reset(cxkpi_ticket_clock *clock);

#ifdef __cplusplus
}
#endif

#endif /* CXKPI_TICKET_CLOCK_H */
