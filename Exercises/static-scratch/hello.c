/* The app: a greeting. Built static, it needs no libc, no shell, no file of the image. */
#include <stdio.h>

int main(int argc, char **argv) {
    const char *name = argc > 1 ? argv[1] : "scratch";
    printf("Hello from %s!\n", name);
    return 0;
}
