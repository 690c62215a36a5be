#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
static void test_uri__placeholder(void **s){(void)s;}
int main(void){const struct CMUnitTest t[]={cmocka_unit_test(test_uri__placeholder)};return cmocka_run_group_tests_name("uri",t,NULL,NULL);}
