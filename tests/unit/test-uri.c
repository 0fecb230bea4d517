#include "config.h"
#include "tap.h"
int main(void) { CHECK(1); return tap_done(); }
