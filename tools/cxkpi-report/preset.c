/* preset.c — the exports of Zendesk, Freshdesk, Zammad and Chatwoot as --preset NAME.
 * Where the names come from is in docs/cli.md ("Presets"); any of them can be overridden
 * with the column options. */
#include "preset.h"

#include "values.h"

#include <string.h>

#define MIN 60.0
#define HOURS 3600.0

static const preset presets[] = {
    {
        .name = "zendesk",
        .title = "Zendesk Support ticket export (CSV)",
        .col = {
            [COL_CSAT] = "Satisfaction Score",
            [COL_REOPENED] = "Reopens",
            [COL_REPLIES] = "Replies",
            [COL_CREATED] = "Created at",
            [COL_FIRST_REPLY] = "First reply time in minutes",
            [COL_SOLVED] = "Full resolution time in minutes",
            [COL_PRIORITY] = "Priority",
        },
        .unit = {[COL_FIRST_REPLY] = MIN, [COL_SOLVED] = MIN},
        .scale_min = 0,
        .scale_max = 1,
        .satisfied_min = 1,
        .csat_map = "good=1,bad=0",
        .no_answer = "offered,unoffered,not offered,n/a",
        .time_format = {"%Y-%m-%d %H:%M:%S %z", "%Y-%m-%d %H:%M"},
        .by_hint = "Group",
    },
    {
        .name = "freshdesk",
        .title = "Freshdesk ticket export (CSV)",
        .col = {
            [COL_CSAT] = "Survey results",
            [COL_REPLIES] = "Agent interactions",
            [COL_CREATED] = "Created time",
            [COL_FIRST_REPLY] = "First response time (in hrs)",
            [COL_SOLVED] = "Resolution time (in hrs)",
            [COL_SLA_FIRST_REPLY] = "First response status",
            [COL_SLA_RESOLUTION] = "Resolution status",
            [COL_PRIORITY] = "Priority",
        },
        .unit = {[COL_FIRST_REPLY] = HOURS, [COL_SOLVED] = HOURS},
        .scale_min = 1,
        .scale_max = 7,
        .satisfied_min = 6,
        .csat_map = "extremely happy=7,very happy=6,happy=5,neutral=4,unhappy=3,very unhappy=2,"
                    "extremely unhappy=1,awesome=7,just okay=4,not good=1",
        .time_format = {"%Y-%m-%d %H:%M:%S", "%d/%m/%Y %H:%M"},
        .by_hint = "Group",
    },
    {
        .name = "zammad",
        .title = "Zammad ticket export (ticket attributes)",
        .col = {
            [COL_CREATED] = "created_at",
            [COL_FIRST_REPLY] = "first_response_at",
            [COL_SOLVED] = "close_at",
            [COL_PRIORITY] = "priority",
        },
        .time_format = {"%Y-%m-%d %H:%M:%S %Z", "%d.%m.%Y %H:%M"},
        .by_hint = "group",
    },
    {
        .name = "chatwoot",
        .title = "Chatwoot CSAT responses download (CSV)",
        .col = {
            [COL_CSAT] = "Rating",
            [COL_CREATED] = "Recorded at",
        },
        .scale_min = 1,
        .scale_max = 5,
        .time_format = {"%Y-%m-%d %H:%M:%S %Z", "%b %d, %Y %H:%M"},
        .by_hint = "Assigned agent",
    },
};

size_t preset_count(void)
{
    return sizeof presets / sizeof presets[0];
}

const preset *preset_at(size_t i)
{
    return i < preset_count() ? &presets[i] : NULL;
}

const preset *preset_find(const char *name)
{
    for (size_t i = 0; i < preset_count(); i++)
        if (val_equals_nocase(name, strlen(name), presets[i].name))
            return &presets[i];
    return NULL;
}
