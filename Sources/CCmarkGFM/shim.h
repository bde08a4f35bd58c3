#ifndef DOCKERLINGS_CCMARKGFM_SHIM_H
#define DOCKERLINGS_CCMARKGFM_SHIM_H
// GitHub's cmark with its core extensions (tables, strikethrough, autolinks, task lists).
#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#endif
