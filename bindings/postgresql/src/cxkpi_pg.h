/*
 * cxkpi for PostgreSQL: shared declarations of the extension's C files.
 *
 * Every cxkpi SQL type is a varlena holding exactly one serialized cxkpi frame. Inside an
 * aggregate, the state is kept as a PostgreSQL "expanded object" (utils/expandeddatum.h)
 * that owns the live library accumulator, so a transition function updates it in place;
 * the object's flat form is the frame, written only when the state leaves the aggregate
 * (stored, sent to the leader of a parallel query, printed as text, or combined).
 */
#ifndef CXKPI_PG_H
#define CXKPI_PG_H

#include "postgres.h"
#include "fmgr.h"
#include "utils/expandeddatum.h"

#include "cxkpi/common.h"

/* What the generic code needs to know of one accumulator kind. */
typedef struct cx_kind
{
	const char *type_name;		/* the SQL type, e.g. "cxkpi_csat" */
	uint16		frame_kind;		/* kind number in the frame header */
	void		(*free_fn) (void *acc);
	cxkpi_status (*size_fn) (const void *acc, size_t *size);
	cxkpi_status (*serialize_fn) (const void *acc, void *buf, size_t cap, size_t *written);
	cxkpi_status (*deserialize_fn) (void **out, const void *buf, size_t size);
	cxkpi_status (*merge_fn) (void *dst, const void *src);
	cxkpi_status (*clone_fn) (const void *src, void **out);
} cx_kind;

extern const cx_kind cx_kind_csat;
extern const cx_kind cx_kind_nps;
extern const cx_kind cx_kind_fcr;
extern const cx_kind cx_kind_sla;
extern const cx_kind cx_kind_duration;
extern const cx_kind cx_kind_aht;
extern const cx_kind cx_kind_churn;
extern const cx_kind cx_kind_survival;

/* The expanded form of a state: owns a library accumulator (malloc'd by the library). */
typedef struct cx_state
{
	ExpandedObjectHeader hdr;
	const cx_kind *kind;
	void	   *acc;			/* freed by the reset callback of the object's context */
	MemoryContextCallback cb;
	/* the configuration a transition function checks on every row, kept here so that
	 * the check is a comparison (valid when config_set) */
	bool		config_set;
	int32		config_int[3];
	double		config_double;
} cx_state;

/* A temporary accumulator, freed by a reset callback if an ERROR interrupts its user. */
typedef struct cx_temp
{
	MemoryContextCallback cb;
	const cx_kind *kind;
	void	   *acc;
} cx_temp;

/* A read-only accumulator borrowed from a function argument (see cx_arg_acc). */
typedef struct cx_ref
{
	const void *acc;
	cx_temp    *temp;			/* non-NULL when the argument was deserialized */
} cx_ref;

/*
 * An empty expanded state (acc NULL) for the aggregate whose memory context is aggctx.
 * The states of one aggregate context share one child context of it (see state.c).
 */
extern cx_state *cx_state_new(FunctionCallInfo fcinfo, const cx_kind *kind,
							  MemoryContext aggctx);

/* Read-only access to argument argno; release with cx_ref_release(). */
extern void cx_arg_acc(FunctionCallInfo fcinfo, int argno, const cx_kind *kind, cx_ref *ref);
extern void cx_ref_release(cx_ref *ref);

/*
 * The state argument (0) of a transition function, as an expanded state owned by the
 * aggregate: NULL when the aggregate has not started. Raises an ERROR outside an aggregate.
 * *aggctx receives the aggregate's memory context.
 */
extern cx_state *cx_trans_state(FunctionCallInfo fcinfo, const cx_kind *kind,
								MemoryContext *aggctx);

/* Combine (and merge-aggregate transition) function shared by every kind. */
extern Datum cx_combine(FunctionCallInfo fcinfo, const cx_kind *kind);
/* The same with another merge (e.g. SLA totals across targets). */
extern Datum cx_combine_with(FunctionCallInfo fcinfo, const cx_kind *kind,
							 cxkpi_status (*merge_fn) (void *dst, const void *src));

/* Raises the ERROR that matches a library status. what names the operation. */
extern void cx_raise(cxkpi_status status, const char *what) pg_attribute_noreturn();

/* Raises an ERROR for a status with a detail line (printf-style). */
extern void cx_raise_detail(cxkpi_status status, const char *what, const char *fmt,...)
			pg_attribute_printf(3, 4) pg_attribute_noreturn();

/* Type I/O shared by every kind. */
extern Datum cx_in(FunctionCallInfo fcinfo, const cx_kind *kind);
extern Datum cx_out(FunctionCallInfo fcinfo, const cx_kind *kind);
extern Datum cx_recv(FunctionCallInfo fcinfo, const cx_kind *kind);
extern Datum cx_send(FunctionCallInfo fcinfo, const cx_kind *kind);
extern Datum cx_from_bytea(FunctionCallInfo fcinfo, const cx_kind *kind);
extern Datum cx_to_bytea(FunctionCallInfo fcinfo, const cx_kind *kind);

/* Seconds of an interval, as EXTRACT(EPOCH FROM interval) counts them. */
extern double cx_interval_seconds(Datum interval);

#define CX_RETURN_STATE(s) PG_RETURN_DATUM(EOHPGetRWDatum(&(s)->hdr))

#endif
