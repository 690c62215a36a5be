/* yaml-floor.c - the floor of what parsing costs: libyaml's event parser over every event of
 * each FILE, nothing kept. tests/hostile.sh times it on a benign input of a case's size and
 * bounds the CLI's CPU time on that case by a multiple of it, so that the bound moves with the
 * machine (and its load) instead of being a number of seconds.
 *
 * Usage: yaml-floor FILE...   Exit 0 after reading every file (a syntax error ends that file,
 * as in the CLI), 2 when a file cannot be read or on bad use, 3 out of memory.
 */
#include <stdio.h>

#include <yaml.h>

static int
parse_file(const char *name)
{
    yaml_parser_t parser;
    yaml_event_t ev;
    FILE *f = fopen(name, "rb");
    int rc = 0;

    if (!f) {
        perror(name);
        return 2;
    }
    if (!yaml_parser_initialize(&parser)) {
        fclose(f);
        return 3;
    }
    yaml_parser_set_input_file(&parser, f);
    for (;;) {
        if (!yaml_parser_parse(&parser, &ev)) {
            if (parser.error == YAML_MEMORY_ERROR)
                rc = 3;
            break;
        }
        if (ev.type == YAML_STREAM_END_EVENT) {
            yaml_event_delete(&ev);
            break;
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&parser);
    if (ferror(f)) {
        perror(name);
        rc = 2;
    }
    fclose(f);
    return rc;
}

int
main(int argc, char **argv)
{
    int i, rc;

    if (argc < 2) {
        fputs("usage: yaml-floor FILE...\n", stderr);
        return 2;
    }
    for (i = 1; i < argc; i++)
        if ((rc = parse_file(argv[i])) != 0)
            return rc;
    return 0;
}
