/*
 * roles.c - the names and labels of roles (see auth.h).
 */
#include <string.h>

#include "auth/auth.h"

static const struct {
	unsigned role;
	const char *name;
	const char *label;
} roles[ROLE_COUNT] = {
	{ ROLE_ADMIN, "admin", "园区管理员" },
	{ ROLE_ENTERPRISE, "enterprise", "企业用户" },
	{ ROLE_COLLEGE, "college", "院校用户" },
	{ ROLE_TEACHER, "teacher", "教师/师傅" },
	{ ROLE_TRAINEE, "trainee", "学员" },
	{ ROLE_EXPERT, "expert", "专家导师" },
	{ ROLE_APPLICANT, "applicant", "入孵申请人" },
	{ ROLE_VIEWER, "viewer", "只读用户" },
};

unsigned
role_from_name(const char *name)
{
	for (int i = 0; name && i < ROLE_COUNT; i++)
		if (!strcmp(roles[i].name, name))
			return roles[i].role;
	return 0;
}

const char *
role_name(unsigned role)
{
	for (int i = 0; i < ROLE_COUNT; i++)
		if (roles[i].role == role)
			return roles[i].name;
	return NULL;
}

const char *
role_label(unsigned role)
{
	for (int i = 0; i < ROLE_COUNT; i++)
		if (roles[i].role == role)
			return roles[i].label;
	return NULL;
}

json_t *
roles_json(unsigned set)
{
	json_t *a = json_array();

	for (int i = 0; i < ROLE_COUNT; i++)
		if (set & roles[i].role)
			json_array_append_new(a, json_string(roles[i].name));
	return a;
}
