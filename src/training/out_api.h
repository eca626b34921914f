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
extern const struct record_api training_certificate_api;
extern const struct record_api training_slot_write_api;
extern const struct record_api training_skill_cert_write_api;

/*
 * The request's `as_of` query argument into out (today in Beijing when
 * absent); ERR_INVALID naming as_of when it is not a date.
 */
int training_as_of(struct request *r, char out[11]);

extern const struct route training_out_api_routes[];

#endif
