/* SPDX-License-Identifier: MIT */
/*
 * The store's schema as numbered migrations: migration N takes a
 * database from version N-1 (PRAGMA user_version) to N. Released
 * migrations never change; a schema change is a new migration.
 */
#ifndef FEEDMILL_STORE_SCHEMA_H
#define FEEDMILL_STORE_SCHEMA_H

#include <stddef.h>

/* schema_migrations[i] is the SQL of migration i + 1. */
extern const char *const schema_migrations[];
extern const size_t schema_nmigrations;

#endif
