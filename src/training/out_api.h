/*
 * out_api.h - the routes of placements, certificates and the training
 * figures (see out_api.c), and the record APIs the pages share.
 */
#ifndef JG_TRAINING_OUT_API_H
#define JG_TRAINING_OUT_API_H

#include "http/http.h"
#include "record/api.h"

extern const struct record_api training_slot_api;
extern const struct record_api training_placement_api;
extern const struct record_api training_log_api;
extern const struct record_api training_evaluation_api;
extern const struct record_api training_skill_cert_api;

extern const struct route training_out_api_routes[];

#endif
