/*
 * api.h - the training module's JSON API routes: /api/v1/training/...,
 * the records and steps of training (api.c) and of what it leads to
 * (api_out.c).
 */
#ifndef JG_TRAINING_API_H
#define JG_TRAINING_API_H

#include "http/http.h"

extern const struct route training_api_routes[];
extern const struct route training_out_api_routes[];

#endif
