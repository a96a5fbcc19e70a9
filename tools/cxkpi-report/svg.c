/* svg.c — bars with whiskers, trend lines with bands, duration bars; see svg.h. */
#include "svg.h"

#include "report.h"

#include <math.h>
#include <string.h>

#define W_MIN 560.0
#define SLOT 34.0     /* horizontal room per bar or period */
#define LEFT 52.0     /* room for the axis labels */
#define TOP 16.0
#define PLOT_H 200.0
#define BOTTOM 86.0   /* room for the rotated category labels */
#define LABEL_MAX 24  /* characters of a category label drawn (the table has them all) */

void svg_text(FILE *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80) {
            size_t n = utf8_sequence((const unsigned char *)s + i, len - i);
            if (n == 0) {
                fputs("\xef\xbf\xbd", out);
            } else {
                fwrite(s + i, 1, n, out);
                i += n - 1;
            }
        } else if (c == '&') {
            fputs("&amp;", out);
        } else if (c == '<') {
            fputs("&lt;", out);
        } else if (c == '>') {
            fputs("&gt;", out);
        } else if (c == '"') {
            fputs("&quot;", out);
        } else if (c < 0x20 || c == 0x7f) {
            fputs("\xef\xbf\xbd", out);
        } else {
            fputc(c, out);
        }
    }
}

/* A label cut to LABEL_MAX code points, with an ellipsis. */
static void short_label(FILE *out, const char *s)
{
    size_t len = strlen(s), cut = len, points = 0;
    for (size_t i = 0; i < len; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80 && ++points > LABEL_MAX) {
            cut = i;
            break;
        }
    }
    svg_text(out, s, cut);
    if (cut < len)
        fputs("\xe2\x80\xa6", out);
}

/* The figures of a mark as data attributes. */
static void data_attrs(FILE *out, const svg_item *it)
{
    fputs(" data-key=\"", out);
    svg_text(out, it->label, strlen(it->label));
    fprintf(out, "\" data-value=\"%.10g\"", it->value);
    if (it->has_interval)
        fprintf(out, " data-lo=\"%.10g\" data-hi=\"%.10g\"", it->lo, it->hi);
}

/* Horizontal room per category: at least SLOT, more (up to 80) to fill the minimum width. */
static double slot_of(size_t n)
{
    double s = (W_MIN - LEFT - 16) / (double)(n ? n : 1);
    return s < SLOT ? SLOT : s > 80 ? 80 : s;
}

/* Axis, grid and tick labels of a vertical chart; returns the plot's width. */
static double frame(FILE *out, const char *chart, size_t n, double ymin, double ymax,
                    const char *unit, double *width)
{
    double plot_w = slot_of(n) * (double)(n ? n : 1);
    *width = LEFT + plot_w + 16;
    fprintf(out, "<svg class=\"chart\" data-chart=\"%s\" xmlns=\"http://www.w3.org/2000/svg\" "
                 "width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" role=\"img\">\n",
            chart, *width, TOP + PLOT_H + BOTTOM, *width, TOP + PLOT_H + BOTTOM);
    for (int k = 0; k <= 4; k++) {
        double v = ymin + (ymax - ymin) * k / 4.0;
        double y = TOP + PLOT_H * (1 - k / 4.0);
        fprintf(out, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
                     "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\">%g%s</text>\n",
                LEFT, y, LEFT + plot_w, y, LEFT - 4, y + 4, v, unit);
    }
    return plot_w;
}

static double ypos(double v, double ymin, double ymax)
{
    if (v < ymin)
        v = ymin;
    if (v > ymax)
        v = ymax;
    return TOP + PLOT_H * (1 - (v - ymin) / (ymax - ymin));
}

static void category_label(FILE *out, double x, const svg_item *it)
{
    double y = TOP + PLOT_H + 10;
    fprintf(out, "<text class=\"label\" x=\"%.1f\" y=\"%.1f\" transform=\"rotate(-45 %.1f %.1f)\">",
            x, y, x, y);
    short_label(out, it->label);
    fputs("</text>\n", out);
}

void svg_bars(FILE *out, const char *chart, const svg_item *items, size_t n, double ymin,
              double ymax, const char *unit)
{
    double width;
    frame(out, chart, n, ymin, ymax, unit, &width);
    double base = ypos(ymin < 0 && ymax > 0 ? 0 : ymin, ymin, ymax);
    const double slot = slot_of(n), bar = SLOT * 0.7;
    for (size_t i = 0; i < n; i++) {
        const svg_item *it = &items[i];
        double x = LEFT + slot * (double)i + slot / 2;
        if (it->ok) {
            double y = ypos(it->value, ymin, ymax);
            double top = y < base ? y : base, h = fabs(base - y);
            fprintf(out, "<rect class=\"mark\" x=\"%.1f\" y=\"%.2f\" width=\"%.1f\" height=\"%.2f\"",
                    x - bar / 2, top, bar, h);
            data_attrs(out, it);
            fputs("><title>", out);
            svg_text(out, it->label, strlen(it->label));
            fprintf(out, ": %.1f%s</title></rect>\n", it->value, unit);
            if (it->has_interval) {
                double y1 = ypos(it->lo, ymin, ymax), y2 = ypos(it->hi, ymin, ymax);
                fprintf(out, "<path class=\"whisker\" d=\"M%.1f %.2fV%.2fM%.1f %.2fH%.1fM%.1f %.2fH%.1f\"/>\n",
                        x, y1, y2, x - 5, y1, x + 5, x - 5, y2, x + 5);
            }
        }
        category_label(out, x, it);
    }
    fputs("</svg>\n", out);
}

void svg_trend(FILE *out, const char *chart, const svg_item *items, size_t n, double ymin,
               double ymax, const char *unit)
{
    double width;
    frame(out, chart, n, ymin, ymax, unit, &width);
    const double slot = slot_of(n);
    /* The band: upper edge left to right, lower edge back, over the points with an
     * interval (a period without answers breaks nothing: it is skipped). */
    int band = 0;
    for (size_t i = 0; i < n; i++)
        band |= items[i].ok && items[i].has_interval;
    if (band) {
        fputs("<polygon class=\"band\" points=\"", out);
        for (size_t i = 0; i < n; i++)
            if (items[i].ok && items[i].has_interval)
                fprintf(out, "%.1f,%.2f ", LEFT + slot * (double)i + slot / 2, ypos(items[i].hi, ymin, ymax));
        for (size_t i = n; i-- > 0;)
            if (items[i].ok && items[i].has_interval)
                fprintf(out, "%.1f,%.2f ", LEFT + slot * (double)i + slot / 2, ypos(items[i].lo, ymin, ymax));
        fputs("\"/>\n", out);
    }
    fputs("<polyline class=\"line\" points=\"", out);
    for (size_t i = 0; i < n; i++)
        if (items[i].ok)
            fprintf(out, "%.1f,%.2f ", LEFT + slot * (double)i + slot / 2, ypos(items[i].value, ymin, ymax));
    fputs("\"/>\n", out);
    for (size_t i = 0; i < n; i++) {
        const svg_item *it = &items[i];
        double x = LEFT + slot * (double)i + slot / 2;
        if (it->ok) {
            fprintf(out, "<circle class=\"mark\" cx=\"%.1f\" cy=\"%.2f\" r=\"3.5\"", x,
                    ypos(it->value, ymin, ymax));
            data_attrs(out, it);
            fputs("><title>", out);
            svg_text(out, it->label, strlen(it->label));
            fprintf(out, ": %.1f%s</title></circle>\n", it->value, unit);
        }
        category_label(out, x, it);
    }
    fputs("</svg>\n", out);
}

void svg_durations(FILE *out, const char *chart, const svg_item *items, size_t n)
{
    const double left = 120, row = 26, plot_w = 400;
    double max = 0;
    for (size_t i = 0; i < n; i++)
        if (items[i].ok && items[i].value > max)
            max = items[i].value;
    if (max <= 0)
        max = 1;
    double height = TOP + row * (double)n + 24;
    fprintf(out, "<svg class=\"chart\" data-chart=\"%s\" xmlns=\"http://www.w3.org/2000/svg\" "
                 "width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" role=\"img\">\n",
            chart, left + plot_w + 90, height, left + plot_w + 90, height);
    for (size_t i = 0; i < n; i++) {
        const svg_item *it = &items[i];
        double y = TOP + row * (double)i;
        fprintf(out, "<text class=\"label\" x=\"%.1f\" y=\"%.1f\">", left - 8, y + row * 0.6);
        short_label(out, it->label);
        fputs("</text>\n", out);
        if (!it->ok)
            continue;
        double w = plot_w * it->value / max;
        fprintf(out, "<rect class=\"mark\" x=\"%.1f\" y=\"%.1f\" width=\"%.2f\" height=\"%.1f\"",
                left, y + 3, w, row - 8);
        data_attrs(out, it);
        fprintf(out, "/><text class=\"value\" x=\"%.1f\" y=\"%.1f\">%.0f s</text>\n",
                left + w + 6, y + row * 0.6, it->value);
    }
    fputs("</svg>\n", out);
}
