/* msg.c - messages on stderr. Never given a Secret value: callers pass names and reasons. */
#include <stdarg.h>
#include <stdio.h>

#include "cmd.h"

static void __attribute__((format(printf, 2, 0)))
vmsg(const char *level, const char *fmt, va_list ap)
{
    fprintf(stderr, "%s: %s", PROGRAM, level);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void
errorf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmsg("", fmt, ap);
    va_end(ap);
}

void
warnf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmsg("warning: ", fmt, ap);
    va_end(ap);
}
