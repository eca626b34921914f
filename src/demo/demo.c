/*
 * demo.c - the demo park (demo.h): the parties of the Jiutai University
 * Student Entrepreneurship Park as of 2019-11-18, the date of the seed
 * article, loaded in one transaction through the party ledger's tables.
 *
 * What the article gives us, and how it is modelled:
 *
 * - "Two parks": 九台大学生创业园 and 吉林九台人力资源服务产业园. Both
 *   are units (parent_id) of an invented operating body,
 *   九台区大学生创业园运营管理中心 (kind park; a public service unit, so
 *   its generated credit code starts "12"). The article's figures
 *   (startups, training) belong to the entrepreneurship park; the
 *   operator only holds the two parks together.
 * - "One base": 国家级高技能人才公共培训基地 is modelled as kind park, a
 *   unit of the entrepreneurship park, because the article's training is
 *   the park's own ("training at the base, practice in the firms'
 *   workshops"): trainees and the firms' masters (role teacher) are
 *   affiliated with it.
 * - "Three institutes": 吉林省中工技师学院 (vocational_college; built by
 *   中工集团, first students on 2019-09-01), 吉林省职业能力训练院
 *   (institute; planned to open in November 2021, so its founded_on is
 *   2021-11-01, after the as-of date, and nobody is affiliated with it
 *   yet) and 吉林省中工职业教育研究院 (institute). They are legal
 *   entities of their own: no parent.
 * - The 22 partner universities are not named by the article; the demo
 *   names 22 universities and colleges of Jilin province as plausible
 *   partners (18 university, 4 vocational_college).
 * - The co-builders of the training centres (HIT Robot, Guangdong
 *   Zhitong, Shanghai Jingge, Huawei, Beijing Traffic Control Technology,
 *   JD Logistics, Zhonggong Group: enterprise) and the CAS Changchun
 *   Institute of Optics (institute), whose 7 resident experts have the
 *   role expert there and mentor one startup each.
 * - 20 invented firms of 九台经济开发区, whose staff were trained (each:
 *   an HR contact, 2 masters who teach at the base, 4 trained workers).
 * - 62 startups: 吉林龙航科技服务有限公司 (its general manager 吴琼, the
 *   one person the article names, as founder; a team of 30) and 61
 *   invented ones founded 2014-2019. Founders and employees of the
 *   startups number 424, the jobs the article counts.
 *
 * Named organisations keep their names and get no credit code (DESIGN
 * §12); their addresses are at most the city. Everything invented has a
 * plausible Simplified Chinese name; firms get valid credit codes (Jiutai
 * district, 220113), people valid, unique mobile numbers. The dates of
 * named organisations other than the article's are illustrative. One
 * fixed-seed splitmix64 stream drives every choice, so every run loads
 * the same records; every record is audited as the caller's actor.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/cnid.h"
#include "base/err.h"
#include "base/macros.h"
#include "base/xalloc.h"
#include "db/db.h"
#include "demo/demo.h"
#include "demo/loader.h"
#include "party/party.h"
#include "record/record.h"
#include "settings/settings.h"


/* ---- generators ------------------------------------------------------ */

uint64_t
demo_rng_next(struct demo_rng *r)
{
	uint64_t z = (r->state += 0x9E3779B97F4A7C15u);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
	return z ^ (z >> 31);
}

uint32_t
demo_rng_below(struct demo_rng *r, uint32_t n)
{
	/* Reject the 2^64 mod n smallest values: the rest divide evenly. */
	uint64_t cut = (0 - (uint64_t)n) % n, x;

	do
		x = demo_rng_next(r);
	while (x < cut);
	return (uint32_t)(x % n);
}

char
demo_org_code_check(const char *first8)
{
	static const int weights[8] = { 3, 7, 9, 10, 5, 8, 4, 2 };
	int sum = 0, c9;

	for (int i = 0; i < 8; i++) {
		char c = first8[i];
		int v;

		if (c >= '0' && c <= '9')
			v = c - '0';
		else if (c >= 'A' && c <= 'Z')
			v = c - 'A' + 10;
		else
			return '\0';
		sum += v * weights[i];
	}
	c9 = 11 - sum % 11;
	return c9 == 10 ? 'X' : c9 == 11 ? '0' : (char)('0' + c9);
}

/* The characters of a credit code (no I, O, S, V, Z). */
static const char code_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

void
demo_credit_code(struct demo_rng *r, const char *head, bool ma, char out[19])
{
	int i = 8;

	memcpy(out, head, 8);
	if (ma) {
		out[i++] = 'M';
		out[i++] = 'A';
		for (; i < 16; i++)
			out[i] = code_alphabet[demo_rng_below(r,
				 sizeof(code_alphabet) - 1)];
	} else {
		for (; i < 16; i++)
			out[i] = (char)('0' + demo_rng_below(r, 10));
	}
	out[16] = demo_org_code_check(out + 8);
	out[17] = cn_credit_code_check(out);
	out[18] = '\0';
}

/* The commonest surnames, commonest first. */
static const char *const surnames[] = {
	"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
	"徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗",
	"郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
	"彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡",
	"余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈",
	"姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金",
	"石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟",
	"熊", "秦", "邱", "江", "尹", "薛", "闫", "段", "雷", "侯",
	"龙", "史", "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵",
	"万", "钱", "严", "武", "戴", "孔", "汤", "常", "葛", "关",
};

/* Characters of given names, as parents name daughters and sons. */
static const char *const given_f[] = {
	"芳", "娜", "敏", "静", "丽", "艳", "娟", "秀", "霞", "萍",
	"红", "玉", "兰", "英", "雪", "梅", "琳", "颖", "慧", "丹",
	"玲", "婷", "欣", "佳", "怡", "琪", "璐", "倩", "瑶", "悦",
	"蕾", "薇", "莹", "晶", "雨", "思", "晓", "春", "楠", "月",
	"燕", "洁", "琴", "文", "宁", "嘉", "馨", "彤", "爽", "露",
};
static const char *const given_m[] = {
	"伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超",
	"平", "刚", "华", "鹏", "飞", "鑫", "宇", "浩", "博", "俊",
	"志", "建", "国", "海", "峰", "晨", "阳", "辉", "东", "亮",
	"健", "斌", "彬", "凯", "帅", "天", "成", "永", "新", "立",
	"睿", "泽", "宏", "振", "昊", "轩", "岩", "松", "旭", "铭",
	"航", "坤", "哲", "龙", "波", "林", "毅", "硕", "鸿", "达",
};

void
demo_person_name(struct demo_rng *r, char *out, size_t size)
{
	/* Half the draws from the twenty commonest surnames. */
	uint32_t s = demo_rng_below(r, 2) ? demo_rng_below(r, 20) :
		     demo_rng_below(r, ARRAY_SIZE(surnames));
	bool female = demo_rng_below(r, 2);
	const char *const *pool = female ? given_f : given_m;
	uint32_t n = female ? ARRAY_SIZE(given_f) : ARRAY_SIZE(given_m);
	uint32_t a = demo_rng_below(r, n), b;

	if (demo_rng_below(r, 10) < 3) {
		snprintf(out, size, "%s%s", surnames[s], pool[a]);
		return;
	}
	do
		b = demo_rng_below(r, n);
	while (!strcmp(pool[b], pool[a]));
	snprintf(out, size, "%s%s%s", surnames[s], pool[a], pool[b]);
}

/* Mainland mobile prefixes in use in 2019. */
static const char *const mobile_prefixes[] = {
	"130", "131", "132", "133", "134", "135", "136", "137", "138",
	"139", "150", "151", "152", "155", "156", "157", "158", "159",
	"166", "176", "177", "178", "180", "181", "182", "183", "185",
	"186", "187", "188", "189", "198", "199",
};

void
demo_mobile(uint32_t serial, uint32_t pick, char out[12])
{
	/* An affine map with a multiplier prime to 10^8 is a bijection. */
	uint64_t tail = ((uint64_t)serial * 37139213u + 52836417u) %
			100000000u;

	snprintf(out, 12, "%s%08u", mobile_prefixes[pick %
		 ARRAY_SIZE(mobile_prefixes)], (unsigned)tail);
}

/* ---- dates ------------------------------------------------------------ */

/* Days since 1970-01-01 of a civil date (H. Hinnant's algorithm). */
int64_t
demo_day_number(int y, int m, int d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* A "YYYY-MM-DD" date of the tables below as a day number. */
int64_t
demo_day(const char *s)
{
	int y = 0, m = 0, d = 0;

	sscanf(s, "%4d-%2d-%2d", &y, &m, &d);
	return demo_day_number(y, m, d);
}

/* A day number as "YYYY-MM-DD" into out (16 bytes). */
void
demo_day_format(int64_t z, char out[16])
{
	int64_t era, y;
	unsigned doe, yoe, doy, mp, d, m;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = (int64_t)yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	snprintf(out, 16, "%04u-%02u-%02u", (unsigned)y % 10000u, m % 100u,
		 d % 100u);
}

/* ---- the data --------------------------------------------------------- */


struct park_org {
	const char *kind;
	const char *name;
	const char *name_en;
	int parent;		/* index in park_orgs, or -1 */
	const char *code_head;	/* invented: its code's first 8; else NULL */
	const char *founded_on;
	const char *address;
};

static const struct park_org park_orgs[N_PARK] = {
	[P_OPERATOR] = { "park", "九台区大学生创业园运营管理中心",
		"Jiutai University Student Entrepreneurship Park "
		"Management Centre", -1, "12220113", "2013-05-06",
		"吉林省长春市九台区九台大学生创业园综合服务楼" },
	[P_PARK] = { "park", "九台大学生创业园",
		"Jiutai University Student Entrepreneurship Park",
		P_OPERATOR, NULL, NULL, "吉林省长春市九台区" },
	[P_HR_PARK] = { "park", "吉林九台人力资源服务产业园",
		"Jilin Jiutai Human Resources Service Industrial Park",
		P_OPERATOR, NULL, NULL, "吉林省长春市九台区" },
	[P_BASE] = { "park", "国家级高技能人才公共培训基地",
		"National Public Training Base for Highly Skilled Workers",
		P_PARK, NULL, NULL, "吉林省长春市九台区" },
	[P_COLLEGE] = { "vocational_college", "吉林省中工技师学院",
		"Jilin Zhonggong Technician College", -1, NULL, NULL,
		"吉林省长春市九台区" },
	[P_TRAINING] = { "institute", "吉林省职业能力训练院",
		"Jilin Vocational Ability Training Institute", -1, NULL,
		"2021-11-01", "吉林省长春市九台区" },
	[P_RESEARCH] = { "institute", "吉林省中工职业教育研究院",
		"Jilin Zhonggong Vocational Education Research Institute",
		-1, NULL, NULL, "吉林省长春市九台区" },
};

/*
 * The staff of the park and the institutes; the first row of each
 * organisation is its contact. `since` is drawn from [from, to].
 */
struct staff {
	int org;
	const char *role;
	const char *title;
	const char *from, *to;
};

static const struct staff park_staff[] = {
	{ P_OPERATOR, "employee", "主任", "2013-05-06", "2013-05-06" },
	{ P_OPERATOR, "employee", "副主任", "2013-05-06", "2016-12-31" },
	{ P_OPERATOR, "employee", "综合办公室主任", "2013-05-06",
	  "2015-12-31" },
	{ P_OPERATOR, "employee", "财务主管", "2013-05-06", "2017-12-31" },
	{ P_PARK, "employee", "孵化服务部部长", "2013-09-01", "2015-06-30" },
	{ P_PARK, "employee", "招商专员", "2014-03-01", "2018-12-31" },
	{ P_PARK, "employee", "企业服务专员", "2015-03-01", "2019-06-30" },
	{ P_PARK, "employee", "创业辅导员", "2016-03-01", "2019-06-30" },
	{ P_HR_PARK, "employee", "园区办公室主任", "2017-03-01",
	  "2017-12-31" },
	{ P_HR_PARK, "employee", "人力资源服务专员", "2017-06-01",
	  "2019-06-30" },
	{ P_HR_PARK, "employee", "招商专员", "2018-01-01", "2019-06-30" },
	{ P_BASE, "employee", "基地主任", "2017-01-01", "2017-12-31" },
	{ P_BASE, "employee", "实训管理员", "2017-06-01", "2019-03-31" },
	{ P_BASE, "teacher", "数控加工实训指导教师", "2017-06-01",
	  "2019-06-30" },
	{ P_BASE, "teacher", "工业机器人实训指导教师", "2017-06-01",
	  "2019-06-30" },
	{ P_BASE, "teacher", "ICT技能培训讲师", "2018-03-01",
	  "2019-06-30" },
	{ P_BASE, "teacher", "城市轨道交通实训指导教师", "2018-03-01",
	  "2019-06-30" },
	{ P_BASE, "teacher", "物流实训指导教师", "2018-06-01", "2019-06-30" },
	{ P_BASE, "teacher", "创业培训讲师", "2015-03-01", "2019-06-30" },
	{ P_COLLEGE, "employee", "招生就业处处长", "2018-06-01",
	  "2018-12-31" },
	{ P_COLLEGE, "employee", "院长", "2018-06-01", "2018-12-31" },
	{ P_COLLEGE, "employee", "教务处处长", "2018-09-01", "2019-03-31" },
	{ P_RESEARCH, "employee", "院长", "2018-06-01", "2018-12-31" },
	{ P_RESEARCH, "employee", "研究员", "2018-09-01", "2019-06-30" },
	{ P_RESEARCH, "employee", "研究员", "2018-09-01", "2019-06-30" },
};

/* The technician college: its teachers' subjects and students' majors. */
const char *const demo_college_subjects[N_COLLEGE_SUBJECTS] = {
	"数控加工", "工业机器人应用与维护", "电气自动化设备安装与维修",
	"汽车维修", "计算机网络应用", "城市轨道交通运输与管理",
	"电子商务", "物流服务与管理", "焊接加工", "无人机应用技术",
};
enum { COLLEGE_TEACHERS = 24, COLLEGE_STUDENTS = N_COLLEGE_STUDENTS };

/* Majors of the partner universities' students, by kind of school. */
enum { M_ENGINEERING, M_GENERAL, M_MEDICAL, M_VOCATIONAL, N_MAJOR_SETS };

static const char *const majors[N_MAJOR_SETS][8] = {
	[M_ENGINEERING] = { "机械设计制造及其自动化", "电气工程及其自动化",
		"自动化", "机器人工程", "计算机科学与技术", "软件工程",
		"物联网工程", "车辆工程" },
	[M_GENERAL] = { "电子商务", "物流管理", "市场营销",
		"计算机科学与技术", "数据科学与大数据技术", "财务管理",
		"信息管理与信息系统", "教育技术学" },
	[M_MEDICAL] = { "生物医学工程", "医学信息工程", "药学",
		"智能医学工程", "医学影像技术", "康复治疗学", "中药学",
		"护理学" },
	[M_VOCATIONAL] = { "数控技术", "工业机器人技术",
		"汽车检测与维修技术", "城市轨道交通运营管理", "电子商务",
		"物流管理", "机电一体化技术", "计算机网络技术" },
};

struct school {
	const char *kind;
	const char *name;
	const char *name_en;
	const char *address;
	int majors;
};

/* The 22 partner universities and colleges (plausible, see the top). */
static const struct school schools[] = {
	{ "university", "吉林大学", "Jilin University", "吉林省长春市",
	  M_ENGINEERING },
	{ "university", "长春工业大学", "Changchun University of Technology",
	  "吉林省长春市", M_ENGINEERING },
	{ "university", "长春大学", "Changchun University", "吉林省长春市",
	  M_GENERAL },
	{ "university", "吉林农业大学", "Jilin Agricultural University",
	  "吉林省长春市", M_GENERAL },
	{ "university", "长春理工大学",
	  "Changchun University of Science and Technology", "吉林省长春市",
	  M_ENGINEERING },
	{ "university", "吉林建筑大学", "Jilin Jianzhu University",
	  "吉林省长春市", M_ENGINEERING },
	{ "university", "长春工程学院", "Changchun Institute of Technology",
	  "吉林省长春市", M_ENGINEERING },
	{ "university", "吉林工程技术师范学院",
	  "Jilin Engineering Normal University", "吉林省长春市",
	  M_ENGINEERING },
	{ "university", "长春师范大学", "Changchun Normal University",
	  "吉林省长春市", M_GENERAL },
	{ "university", "吉林化工学院",
	  "Jilin Institute of Chemical Technology", "吉林省吉林市",
	  M_ENGINEERING },
	{ "university", "北华大学", "Beihua University", "吉林省吉林市",
	  M_ENGINEERING },
	{ "university", "吉林师范大学", "Jilin Normal University",
	  "吉林省四平市", M_GENERAL },
	{ "university", "通化师范学院", "Tonghua Normal University",
	  "吉林省通化市", M_GENERAL },
	{ "university", "白城师范学院", "Baicheng Normal University",
	  "吉林省白城市", M_GENERAL },
	{ "university", "吉林医药学院", "Jilin Medical University",
	  "吉林省吉林市", M_MEDICAL },
	{ "university", "长春中医药大学",
	  "Changchun University of Chinese Medicine", "吉林省长春市",
	  M_MEDICAL },
	{ "university", "吉林财经大学",
	  "Jilin University of Finance and Economics", "吉林省长春市",
	  M_GENERAL },
	{ "university", "吉林工商学院",
	  "Jilin Business and Technology College", "吉林省长春市",
	  M_GENERAL },
	{ "vocational_college", "长春汽车工业高等专科学校",
	  "Changchun Automobile Industry Institute", "吉林省长春市",
	  M_VOCATIONAL },
	{ "vocational_college", "吉林交通职业技术学院",
	  "Jilin Communications Polytechnic", "吉林省长春市", M_VOCATIONAL },
	{ "vocational_college", "长春职业技术学院",
	  "Changchun Vocational Institute of Technology", "吉林省长春市",
	  M_VOCATIONAL },
	{ "vocational_college", "吉林电子信息职业技术学院",
	  "Jilin Technology College of Electronic Information",
	  "吉林省吉林市", M_VOCATIONAL },
};
enum { STUDENTS_PER_SCHOOL = 10 };

static const char *const school_contact_titles[] = {
	"就业指导中心主任", "创新创业学院副院长", "校企合作处处长",
	"招生就业处副处长",
};

/* What students train in at the base: the article's training centres. */
static const char *const base_programmes[] = {
	"工业机器人实训", "华为ICT技能培训", "城市轨道交通实训",
	"京东物流实训", "高端数控加工实训", "创业培训",
};

/* The co-builders of the training centres, as the article names them. */
struct partner {
	const char *kind;
	const char *name;
	const char *name_en;
	const char *address;
	const char *contact_title;
};

static const struct partner partners[] = {
	{ "enterprise", "哈工大机器人集团", "HIT Robot Group",
	  "黑龙江省哈尔滨市", "校企合作经理" },
	{ "enterprise", "广东智通人才连锁股份有限公司",
	  "Guangdong Zhitong Talent Chain Co., Ltd.", "广东省",
	  "项目经理" },
	{ "enterprise", "上海景格科技股份有限公司",
	  "Shanghai Jingge Technology Co., Ltd.", "上海市", "区域经理" },
	{ "enterprise", "华为技术有限公司", "Huawei Technologies Co., Ltd.",
	  "广东省深圳市", "人才生态合作经理" },
	{ "enterprise", "北京交控科技股份有限公司",
	  "Beijing Traffic Control Technology Co., Ltd.", "北京市",
	  "培训中心经理" },
	{ "enterprise", "京东物流", "JD Logistics", "北京市",
	  "区域合作经理" },
	{ "enterprise", "中工集团", "Zhonggong Group", NULL, "项目负责人" },
	{ "institute", "中国科学院长春光学精密机械与物理研究所",
	  "Changchun Institute of Optics, Fine Mechanics and Physics, CAS",
	  "吉林省长春市", "科技合作处项目主管" },
};

/* The seven CAS experts in the maker factory's R&D zone. */
static const char *const expert_titles[] = {
	"研究员", "研究员", "副研究员", "研究员", "教授级高级工程师",
	"副研究员", "研究员",
};

/* The invented firms of the Jiutai Economic Development Zone. */
static const char *const firms[] = {
	"长春九台鑫岳机械制造有限公司", "长春九台丰沃汽车零部件有限公司",
	"长春九台铭泰精密铸造有限公司", "长春九台瑞森新型建材有限公司",
	"长春九台华垦食品有限公司", "长春九台嘉禾智能装备有限公司",
	"长春九台正通电气设备有限公司", "长春九台恒沐塑胶制品有限公司",
	"长春九台北辰钢结构工程有限公司", "长春九台亿丰包装材料有限公司",
	"长春九台康泽药业有限公司", "长春九台朗特液压机械有限公司",
	"长春九台天晟光电科技有限公司", "长春九台润禾农业机械有限公司",
	"长春九台金盾门业有限公司", "长春九台拓远数控设备有限公司",
	"长春九台松源木业有限公司", "长春九台博雅纺织有限公司",
	"长春九台中卓汽车饰件有限公司", "长春九台利恒物流有限公司",
};
enum { FIRM_MASTERS = 2, FIRM_WORKERS = N_FIRM_WORKERS };

static const char *const master_titles[] = {
	"高级技师", "车间主任", "技术部经理", "设备部主管",
};
static const char *const worker_titles[] = {
	"操作工", "技术员", "质检员", "班组长", "设备维修工", "数控操作工",
};

/* The firms' training at the base, all completed by the as-of date. */
struct programme {
	const char *title;
	bool in_service;	/* for staff; else before being hired */
};
static const struct programme firm_programmes[] = {
	{ "岗前培训", false },
	{ "订单定向培训", false },
	{ "在岗职工提升培训", true },
};
enum { ORDER_CLASS = 1 };	/* firm_programmes[]: the order class */

/* A worker who graduated from its firm's order class, hired on `hired`. */
static void
add_graduate(struct loader *l, int64_t person_id, int firm,
	     const char *hired)
{
	struct graduate *g = &l->graduates[l->ngraduates++];

	g->person_id = person_id;
	g->firm = firm;
	g->year = (int)strtol(hired, NULL, 10);	/* "YYYY-..." */
	snprintf(g->hired, sizeof(g->hired), "%s", hired);
}

/* Startups: what they do, and what their people do there. */
struct sector {
	const char *suffix;	/* the business part of the firm's name */
	int weight;
	const char *titles[3];
};

static const struct sector sectors[] = {
	{ "智能科技有限公司", 8,
	  { "机械设计工程师", "电气工程师", "装配技师" } },
	{ "无人机科技有限公司", 3,
	  { "无人机飞手", "无人机维修工程师", "培训讲师" } },
	{ "电子商务有限公司", 7, { "电商运营专员", "客服专员", "美工设计" } },
	{ "软件技术有限公司", 6, { "软件工程师", "测试工程师", "产品经理" } },
	{ "新材料科技有限公司", 4, { "材料工程师", "实验员", "工艺技术员" } },
	{ "农业科技有限公司", 6, { "农技员", "种植技术员", "销售专员" } },
	{ "机器人科技有限公司", 4,
	  { "机器人调试工程师", "编程工程师", "售后工程师" } },
	{ "网络科技有限公司", 5, { "网络工程师", "运维工程师", "前端开发" } },
	{ "文化传媒有限公司", 4, { "视频编导", "文案策划", "摄影师" } },
	{ "环保科技有限公司", 3, { "环境工程师", "检测员", "项目专员" } },
	{ "教育咨询有限公司", 3, { "培训讲师", "课程顾问", "教务专员" } },
	{ "数控技术有限公司", 3, { "数控编程员", "数控操作工", "质检员" } },
	{ "信息技术有限公司", 4,
	  { "数据分析师", "开发工程师", "实施工程师" } },
	{ "供应链管理有限公司", 3, { "物流专员", "仓储主管", "调度员" } },
	{ "新能源科技有限公司", 2,
	  { "电池工程师", "光伏安装技术员", "销售工程师" } },
	{ "食品科技有限公司", 3, { "食品研发员", "质检员", "生产主管" } },
	{ "工业设计有限公司", 2, { "工业设计师", "三维建模师", "结构工程师" } },
	{ "生物科技有限公司", 2, { "研发员", "检测员", "销售专员" } },
};
enum { SECTOR_DRONE = 1 };

static const char *const generic_titles[] = {
	"销售经理", "市场专员", "行政专员", "会计", "技术员", "项目经理",
};
static const char *const founder_titles[] = {
	"总经理", "执行董事兼总经理", "创始人、总经理",
};

/* Where a startup registers: the province or the city. */
static const char *const startup_regions[] = {
	"吉林省", "长春", "长春", "吉林",
};

/* Trade names of the invented startups, each used once. */
static const char *const brands[] = {
	"云帆", "星驰", "智途", "启明", "睿达", "锐思", "青禾", "沃土",
	"易联", "凌云", "拓维", "恒信", "优创", "蓝鲸", "极光", "翼飞",
	"天衡", "新元", "众创", "卓越", "博瑞", "领航", "远景", "匠心",
	"精工", "微澜", "数腾", "聚能", "鼎新", "和畅", "华耀", "盛禾",
	"晨曦", "松果", "墨子", "鸿途", "立方", "飞鸿", "银杏", "青橙",
	"知行", "慧谷", "泓泰", "润物", "智汇", "维度", "象限", "光年",
	"森特", "创想", "旭日", "朗月", "雪松", "长风", "黑土", "稻香",
	"合力", "嘉和", "驰骋", "云图", "芯动", "磐石", "格物", "鹿鸣",
	"雁阵", "麦田", "山海", "星河", "乐途", "蓝图", "铭远", "恒创",
};

/* The drone firm the article names, and its general manager. */
#define LONGHANG_NAME "吉林龙航科技服务有限公司"
#define LONGHANG_NAME_EN "Jilin Longhang Technology Service Co., Ltd."
#define LONGHANG_FOUNDED "2016-03-15"
#define LONGHANG_MANAGER "吴琼"
enum {
	LONGHANG_TEAM = 30,	/* founder included */
	STARTUP_JOBS = 424,	/* founders and employees, the article's */
	N_MENTORS = 10,
};

/* ---- loading ---------------------------------------------------------- */

_Static_assert(ARRAY_SIZE(partners) == N_PARTNERS, "loader.h: N_PARTNERS");
_Static_assert(ARRAY_SIZE(expert_titles) == N_EXPERTS, "loader.h: N_EXPERTS");
_Static_assert(ARRAY_SIZE(firms) == N_FIRMS, "loader.h: N_FIRMS");
_Static_assert(ARRAY_SIZE(schools) == N_SCHOOLS, "loader.h: N_SCHOOLS");

/* The fixed seed: every run makes the same park. */
#define DEMO_SEED 0x4A69616E67677531u

int
demo_failed(struct loader *l, int rc, const struct problem *pb, const char *what,
       const char *name)
{
	const char *why = pb && pb->message ? pb->message :
			  *db_errmsg(l->db) ? db_errmsg(l->db) : err_str(rc);

	snprintf(l->sum->error, sizeof(l->sum->error), "%s '%s': %s%s%s",
		 what, name, pb && pb->field ? pb->field : "",
		 pb && pb->field ? ": " : "", why);
	return rc;
}

static int
index_of(const char *const *list, const char *s)
{
	for (int i = 0; list[i]; i++)
		if (!strcmp(list[i], s))
			return i;
	return -1;
}

/* A draw from [from, to] (day numbers) as a date. */
void
demo_random_day(struct loader *l, int64_t from, int64_t to, char out[16])
{
	demo_day_format(from + demo_rng_below(&l->rng, (uint32_t)(to - from + 1)),
		   out);
}

void
demo_new_code(struct loader *l, const char *head, bool ma, char out[19])
{
	bool again;

	do {
		demo_credit_code(&l->rng, head, ma, out);
		again = false;
		for (int i = 0; i < l->ncodes; i++)
			again = again || !strcmp(l->codes[i], out);
	} while (again);
	if (l->ncodes < (int)ARRAY_SIZE(l->codes))
		memcpy(l->codes[l->ncodes++], out, 19);
}


void
demo_set_text(json_t *o, const char *key, const char *value)
{
	if (value)
		json_object_set_new(o, key, json_string(value));
}

int
demo_add_org(struct loader *l, const struct org_in *o, int64_t *id)
{
	struct problem pb = { 0 };
	json_t *in = json_object();
	int rc, k;

	demo_set_text(in, "kind", o->kind);
	demo_set_text(in, "name", o->name);
	demo_set_text(in, "name_en", o->name_en);
	demo_set_text(in, "credit_code", o->code);
	if (o->parent_id)
		json_object_set_new(in, "parent_id",
				    json_integer(o->parent_id));
	demo_set_text(in, "founded_on", o->founded_on);
	demo_set_text(in, "address", o->address);
	if (o->contact) {
		demo_set_text(in, "contact_name", o->contact->name);
		demo_set_text(in, "contact_phone", o->contact->mobile);
	}
	rc = record_create_in(l->db, &party_org_table, l->actor, in, id, &pb);
	json_decref(in);
	if (rc)
		return demo_failed(l, rc, &pb, "organisation", o->name);
	l->sum->orgs++;
	k = index_of(party_org_kinds, o->kind);
	if (k >= 0 && k < DEMO_KINDS)
		l->sum->orgs_by_kind[k]++;
	return 0;
}

int
demo_add_record(struct loader *l, const struct record_table *t, json_t *in,
		int64_t *id, const char *what, const char *name)
{
	struct problem pb = { 0 };
	int64_t ignored;
	int rc = record_create_in(l->db, t, l->actor, in, id ? id : &ignored,
				  &pb);

	json_decref(in);
	return rc ? demo_failed(l, rc, &pb, what, name) : 0;
}

/* An invented person (or the one named), not yet in the ledger. */
void
demo_make_person(struct loader *l, const char *name, struct person *p)
{
	p->id = 0;
	if (name)
		snprintf(p->name, sizeof(p->name), "%s", name);
	else
		demo_person_name(&l->rng, p->name, sizeof(p->name));
	demo_mobile(l->people++, (uint32_t)demo_rng_next(&l->rng),
		    p->mobile);
}

int
demo_add_person(struct loader *l, struct person *p)
{
	struct problem pb = { 0 };
	json_t *in = json_pack("{s:s, s:s}", "name", p->name, "mobile",
			       p->mobile);
	int rc;

	rc = record_create_in(l->db, &party_person_table, l->actor, in,
			      &p->id, &pb);
	json_decref(in);
	if (rc)
		return demo_failed(l, rc, &pb, "person", p->name);
	l->sum->people++;
	return 0;
}

int
demo_add_role(struct loader *l, const struct person *p, int64_t org,
	 const char *role, const char *title, const char *since,
	 const char *until)
{
	struct problem pb = { 0 };
	json_t *in = json_pack("{s:I, s:I, s:s, s:s, s:s}", "person_id",
			       (json_int_t)p->id, "org_id", (json_int_t)org,
			       "role", role, "title", title, "since", since);
	int rc;

	demo_set_text(in, "until", until);
	rc = record_create_in(l->db, &party_affiliation_table, l->actor, in,
			      &(int64_t){ 0 }, &pb);
	json_decref(in);
	if (rc)
		return demo_failed(l, rc, &pb, "affiliation of", p->name);
	demo_count_role(l, role);
	return 0;
}

void
demo_count_role(struct loader *l, const char *role)
{
	int k = index_of(party_roles, role);

	l->sum->affiliations++;
	if (k >= 0 && k < DEMO_ROLES)
		l->sum->affiliations_by_role[k]++;
}

/* Make and add a person with one role; the person in *p. */
int
demo_add_member(struct loader *l, int64_t org, const char *role,
	   const char *title, const char *since, const char *until,
	   struct person *p)
{
	int rc;

	demo_make_person(l, NULL, p);
	rc = demo_add_person(l, p);
	if (!rc)
		rc = demo_add_role(l, p, org, role, title, since, until);
	return rc;
}

/* Whether the ledger is empty; if not, sum->error says what it holds. */
static int
check_empty(struct loader *l)
{
	struct record_filter f = { .archived = true, .limit = 1 };
	json_t *orgs = NULL, *people = NULL;
	int64_t norgs = 0, npeople = 0;
	const char *example;
	int rc;

	rc = record_list(l->db, &party_org_table, &f, &orgs, &norgs);
	if (!rc)
		rc = record_list(l->db, &party_person_table, &f, &people,
				 &npeople);
	if (rc) {
		snprintf(l->sum->error, sizeof(l->sum->error), "%s",
			 db_errmsg(l->db));
		goto out;
	}
	if (norgs || npeople) {
		example = json_string_value(json_object_get(json_array_get(
			norgs ? orgs : people, 0), "name"));
		snprintf(l->sum->error, sizeof(l->sum->error),
			 "the database already holds %lld organisation%s and "
			 "%lld %s (e.g. '%s'); the demo park loads only into "
			 "an empty ledger", (long long)norgs,
			 norgs == 1 ? "" : "s", (long long)npeople,
			 npeople == 1 ? "person" : "people",
			 example ? example : "?");
		rc = ERR_CONFLICT;
	}
out:
	json_decref(orgs);
	json_decref(people);
	return rc;
}

/* The first staff row of park organisation `org`, or -1. */
static int
contact_row(int org)
{
	for (size_t i = 0; i < ARRAY_SIZE(park_staff); i++)
		if (park_staff[i].org == org)
			return (int)i;
	return -1;
}

static int
load_park(struct loader *l)
{
	struct person staff[ARRAY_SIZE(park_staff)];
	char code[19], since[16];
	int rc = 0;

	for (size_t i = 0; i < ARRAY_SIZE(park_staff); i++)
		demo_make_person(l, NULL, &staff[i]);
	for (int i = 0; i < N_PARK && !rc; i++) {
		const struct park_org *p = &park_orgs[i];
		int c = contact_row(i);
		struct org_in o = {
			p->kind, p->name, p->name_en, NULL,
			p->parent >= 0 ? l->park[p->parent] : 0,
			p->founded_on, p->address,
			c >= 0 ? &staff[c] : NULL,
		};

		if (p->code_head) {
			demo_new_code(l, p->code_head, false, code);
			o.code = code;
		}
		rc = demo_add_org(l, &o, &l->park[i]);
	}
	for (size_t i = 0; i < ARRAY_SIZE(park_staff) && !rc; i++) {
		const struct staff *s = &park_staff[i];

		demo_random_day(l, demo_day(s->from), demo_day(s->to), since);
		rc = demo_add_person(l, &staff[i]);
		if (!rc)
			rc = demo_add_role(l, &staff[i], l->park[s->org], s->role,
				      s->title, since, NULL);
	}
	return rc;
}

static int
load_partners(struct loader *l)
{
	char since[16];
	int rc = 0;

	for (size_t i = 0; i < ARRAY_SIZE(partners) && !rc; i++) {
		const struct partner *p = &partners[i];
		struct person contact;
		struct org_in o = {
			p->kind, p->name, p->name_en, NULL, 0, NULL,
			p->address, &contact,
		};

		demo_make_person(l, NULL, &contact);
		demo_random_day(l, demo_day("2017-03-01"), demo_day("2019-06-30"),
			   since);
		rc = demo_add_org(l, &o, &l->partner[i]);
		if (!rc)
			rc = demo_add_person(l, &contact);
		if (!rc)
			rc = demo_add_role(l, &contact, l->partner[i], "contact",
				      p->contact_title, since, NULL);
	}
	return rc;
}

static int
load_firm(struct loader *l, int i)
{
	struct person contact, p;
	char founded[16], address[128], code[19], since[16], until[16];
	int64_t as_of = demo_day(DEMO_AS_OF), start;
	int rc;

	demo_random_day(l, demo_day("2003-01-01"), demo_day("2016-12-31"), founded);
	start = demo_day(founded);
	demo_new_code(l, "91220113", start >= demo_day("2015-10-01"), code);
	snprintf(address, sizeof(address),
		 "吉林省长春市九台区九台经济开发区%c区%u号",
		 "ABCDEF"[demo_rng_below(&l->rng, 6)],
		 1 + demo_rng_below(&l->rng, 60));
	demo_make_person(l, NULL, &contact);
	rc = demo_add_org(l, &(struct org_in){ "enterprise", firms[i], NULL, code,
		     0, founded, address, &contact }, &l->firm[i]);
	if (rc)
		return rc;
	demo_random_day(l, start, demo_day("2018-12-31"), since);
	rc = demo_add_person(l, &contact);
	if (!rc)
		rc = demo_add_role(l, &contact, l->firm[i], "contact",
			      "人力资源部经理", since, NULL);
	/* Masters: the firm's staff who teach the trainees at the base. */
	for (int k = 0; k < FIRM_MASTERS && !rc; k++) {
		demo_random_day(l, start, demo_day("2017-12-31"), since);
		rc = demo_add_member(l, l->firm[i], "employee", master_titles[
				demo_rng_below(&l->rng, ARRAY_SIZE(master_titles))],
				since, NULL, &p);
		demo_random_day(l, demo_day("2018-03-01"), demo_day("2019-09-01"),
			   since);
		if (!rc)
			rc = demo_add_role(l, &p, l->park[P_BASE], "teacher",
				      "企业师傅", since, NULL);
	}
	/* Workers trained at the base, before being hired or in post. */
	for (int k = 0; k < FIRM_WORKERS && !rc; k++) {
		int which = (int)demo_rng_below(&l->rng, ARRAY_SIZE(firm_programmes));
		const struct programme *g = &firm_programmes[which];
		struct worker *w = &l->workers[l->nworkers];
		int64_t t0 = demo_day("2018-03-01") + demo_rng_below(&l->rng,
			     (uint32_t)(demo_day("2019-09-15") -
					demo_day("2018-03-01")));
		int64_t t1 = t0 + 20 + demo_rng_below(&l->rng, 41);
		char hired[16];

		if (g->in_service)
			demo_random_day(l, start, t0 - 1, hired);
		else
			demo_day_format(t1 + 1 < as_of ? t1 + 1 : as_of, hired);
		const char *title = worker_titles[demo_rng_below(&l->rng,
					ARRAY_SIZE(worker_titles))];

		demo_day_format(t0, since);
		demo_day_format(t1, until);
		demo_make_person(l, NULL, &p);
		rc = demo_add_person(l, &p);
		/* An order class's graduate is hired through its two-way
		 * selection (selection.c), on the same day. */
		if (!rc && which == ORDER_CLASS)
			add_graduate(l, p.id, i, hired);
		else if (!rc)
			rc = demo_add_role(l, &p, l->firm[i], "employee", title,
					   hired, NULL);
		if (!rc)
			rc = demo_add_role(l, &p, l->park[P_BASE], "trainee",
				      g->title, since, until);
		/* Their enrolment and completion: training.c. */
		w->person_id = p.id;
		w->firm = i;
		w->programme = which;
		snprintf(w->since, sizeof(w->since), "%s", since);
		snprintf(w->until, sizeof(w->until), "%s", until);
		l->nworkers++;
	}
	return rc;
}

static int
load_firms(struct loader *l)
{
	int rc = 0;

	for (int i = 0; i < N_FIRMS && !rc; i++)
		rc = load_firm(l, i);
	return rc;
}

/*
 * A partner school's student, trained at the base; one in four also
 * practises in a firm's workshop as an apprentice.
 */
static int
load_student(struct loader *l, const struct school *s, int64_t id)
{
	int64_t as_of = demo_day(DEMO_AS_OF), t0, t1;
	bool vocational = s->majors == M_VOCATIONAL;
	char title[64], since[16], until[16];
	struct person p;
	int year = (vocational ? 2017 : 2016) +
		   (int)demo_rng_below(&l->rng, vocational ? 3 : 4);
	int rc;

	snprintf(title, sizeof(title), "%s专业%d级", majors[s->majors][
		 demo_rng_below(&l->rng, 8)], year);
	snprintf(since, sizeof(since), "%d-09-01", year);
	rc = demo_add_member(l, id, "student", title, since, NULL, &p);
	if (rc)
		return rc;
	/* Trained at the base in 2019, after a month at school at least. */
	t0 = demo_day(since) + 30 > demo_day("2019-03-01") ?
	     demo_day(since) + 30 : demo_day("2019-03-01");
	t0 += demo_rng_below(&l->rng, (uint32_t)(demo_day("2019-11-01") - t0));
	t1 = t0 + 30 + demo_rng_below(&l->rng, 61);
	demo_day_format(t0, since);
	demo_day_format(t1, until);
	rc = demo_add_role(l, &p, l->park[P_BASE], "trainee",
		      base_programmes[demo_rng_below(&l->rng,
						     ARRAY_SIZE(base_programmes))],
		      since, t1 < as_of ? until : NULL);
	if (rc || demo_rng_below(&l->rng, 4))
		return rc;
	demo_day_format(t0 + 14, since);
	demo_day_format(t0 + 14 + 60, until);
	return demo_add_role(l, &p, l->firm[demo_rng_below(&l->rng, N_FIRMS)],
			"apprentice", "车间实训学徒", since,
			t0 + 14 + 60 < as_of ? until : NULL);
}

static int
load_schools(struct loader *l)
{
	char since[16];
	int rc = 0;

	for (size_t i = 0; i < ARRAY_SIZE(schools) && !rc; i++) {
		const struct school *s = &schools[i];
		struct person contact;
		int64_t id;

		demo_make_person(l, NULL, &contact);
		rc = demo_add_org(l, &(struct org_in){ s->kind, s->name,
			     s->name_en, NULL, 0, NULL, s->address,
			     &contact }, &id);
		demo_random_day(l, demo_day("2016-09-01"), demo_day("2019-06-30"),
			   since);
		if (!rc)
			rc = demo_add_person(l, &contact);
		if (!rc)
			rc = demo_add_role(l, &contact, id, "contact",
				      school_contact_titles[demo_rng_below(
				      &l->rng, ARRAY_SIZE(school_contact_titles))],
				      since, NULL);
		l->school[i] = id;
		for (int k = 0; k < STUDENTS_PER_SCHOOL && !rc; k++)
			rc = load_student(l, s, id);
	}
	return rc;
}

/* The technician college's teachers and its first intake. */
static int
load_college(struct loader *l)
{
	char title[64], since[16];
	struct person p;
	int rc = 0;

	for (int i = 0; i < COLLEGE_TEACHERS && !rc; i++) {
		snprintf(title, sizeof(title), "%s一体化教师",
			 demo_college_subjects[(size_t)i % ARRAY_SIZE(demo_college_subjects)]);
		demo_random_day(l, demo_day("2019-03-01"), demo_day("2019-08-20"),
			   since);
		rc = demo_add_member(l, l->park[P_COLLEGE], "teacher", title,
				since, NULL, &p);
	}
	for (int i = 0; i < COLLEGE_STUDENTS && !rc; i++) {
		int major = (int)demo_rng_below(&l->rng,
						N_COLLEGE_SUBJECTS);

		snprintf(title, sizeof(title), "%s专业2019级",
			 demo_college_subjects[major]);
		rc = demo_add_member(l, l->park[P_COLLEGE], "student", title,
				"2019-09-01", NULL, &p);
		/* Their enrolment in the college's programme: training.c. */
		l->college_students[l->ncollege_students] = p.id;
		l->college_major[l->ncollege_students++] = major;
	}
	return rc;
}

static int
by_founding(const void *a, const void *b)
{
	const struct startup *x = a, *y = b;
	int c = strcmp(x->founded, y->founded);

	return c ? c : x->order - y->order;
}

/* The 62 startups, drawn, then sorted oldest first. */
static void
make_startups(struct loader *l)
{
	int brand[ARRAY_SIZE(brands)], weights = 0, share = 0, sum = 0;
	int jobs = STARTUP_JOBS - N_STARTUPS - (LONGHANG_TEAM - 1);
	int w[N_STARTUPS];

	for (size_t i = 0; i < ARRAY_SIZE(brands); i++)
		brand[i] = (int)i;
	for (size_t i = ARRAY_SIZE(brands) - 1; i > 0; i--) {
		uint32_t j = demo_rng_below(&l->rng, (uint32_t)i + 1);
		int t = brand[i];

		brand[i] = brand[j];
		brand[j] = t;
	}
	for (size_t s = 0; s < ARRAY_SIZE(sectors); s++)
		weights += sectors[s].weight;
	for (int i = 0; i < N_STARTUPS; i++) {
		struct startup *u = &l->startups[i];
		int pick = (int)demo_rng_below(&l->rng, (uint32_t)weights);
		int s = 0;

		u->order = i;
		u->id = 0;
		if (i == 0) {
			/* The drone firm the article names. */
			snprintf(u->name, sizeof(u->name), "%s",
				 LONGHANG_NAME);
			snprintf(u->founded, sizeof(u->founded), "%s",
				 LONGHANG_FOUNDED);
			u->code[0] = '\0';
			u->sector = SECTOR_DRONE;
			u->named = true;
			u->staff = LONGHANG_TEAM - 1;
			w[i] = 0;
		} else {
			while (pick >= sectors[s].weight)
				pick -= sectors[s++].weight;
			u->sector = s;
			u->named = false;
			snprintf(u->name, sizeof(u->name), "%s%s%s",
				 startup_regions[demo_rng_below(&l->rng,
					ARRAY_SIZE(startup_regions))],
				 brands[brand[i]], sectors[s].suffix);
			demo_random_day(l, demo_day("2014-03-01"),
				   demo_day("2019-10-31"), u->founded);
			demo_new_code(l, "91220113", strcmp(u->founded,
				 "2015-10-01") >= 0, u->code);
			w[i] = 1 + (int)demo_rng_below(&l->rng, 9);
			sum += w[i];
		}
		snprintf(u->address, sizeof(u->address),
			 "吉林省长春市九台区九台大学生创业园%u号楼%u%02u室",
			 1 + demo_rng_below(&l->rng, 6),
			 1 + demo_rng_below(&l->rng, 5),
			 1 + demo_rng_below(&l->rng, 20));
	}
	/* Share the jobs out by weight; the remainder one by one. */
	for (int i = 1; i < N_STARTUPS; i++) {
		l->startups[i].staff = jobs * w[i] / sum;
		share += l->startups[i].staff;
	}
	for (int i = 1; share < jobs; i = i % (N_STARTUPS - 1) + 1) {
		l->startups[i].staff++;
		share++;
	}
	qsort(l->startups, N_STARTUPS, sizeof(l->startups[0]), by_founding);
}

static int
load_startup(struct loader *l, struct startup *u)
{
	const struct sector *s = &sectors[u->sector];
	struct person founder, p;
	char since[16];
	int64_t start = demo_day(u->founded), last = demo_day(DEMO_AS_OF) - 1;
	int rc;

	demo_make_person(l, u->named ? LONGHANG_MANAGER : NULL, &founder);
	rc = demo_add_org(l, &(struct org_in){ "startup", u->name,
		     u->named ? LONGHANG_NAME_EN : NULL,
		     u->code[0] ? u->code : NULL, 0, u->founded, u->address,
		     &founder }, &u->id);
	if (!rc)
		rc = demo_add_person(l, &founder);
	u->founder_id = founder.id;
	if (!rc)
		rc = demo_add_role(l, &founder, u->id, "founder", u->named ?
			      "总经理" : founder_titles[demo_rng_below(
			      &l->rng, ARRAY_SIZE(founder_titles))], u->founded,
			      NULL);
	for (int k = 0; k < u->staff && !rc; k++) {
		uint32_t t = demo_rng_below(&l->rng,
			     ARRAY_SIZE(s->titles) + ARRAY_SIZE(generic_titles));

		demo_random_day(l, start, last, since);
		rc = demo_add_member(l, u->id, "employee", t < ARRAY_SIZE(s->titles) ?
				s->titles[t] : generic_titles[t -
				ARRAY_SIZE(s->titles)], since, NULL, &p);
	}
	return rc;
}

static int
load_startups(struct loader *l)
{
	int rc = 0;

	make_startups(l);
	for (int i = 0; i < N_STARTUPS && !rc; i++)
		rc = load_startup(l, &l->startups[i]);
	return rc;
}

/*
 * The CAS experts, each helping one of the startups in the park (the
 * newest) to set up its R&D centre.
 */
static int
load_experts(struct loader *l)
{
	bool taken[N_STARTUPS] = { false };
	char since[16], later[16];
	struct person p;
	int rc = 0;

	for (size_t i = 0; i < ARRAY_SIZE(expert_titles) && !rc; i++) {
		int u;

		do
			u = N_STARTUPS - IN_PARK + (int)demo_rng_below(
				&l->rng, IN_PARK);
		while (taken[u]);
		taken[u] = true;
		demo_random_day(l, demo_day("2019-03-01"), demo_day("2019-06-30"),
			   since);
		demo_random_day(l, demo_day(since) + 30, demo_day("2019-10-31"),
			   later);
		rc = demo_add_member(l, l->partner[PARTNER_CAS], "expert",
				expert_titles[i], since, NULL, &p);
		l->experts[i] = p;
		l->expert_startup[i] = u;
		if (!rc && strcmp(l->startups[u].founded, later) > 0)
			snprintf(later, sizeof(later), "%s",
				 l->startups[u].founded);
		if (!rc)
			rc = demo_add_role(l, &p, l->startups[u].id, "mentor",
				      "研发中心技术顾问", later, NULL);
	}
	return rc;
}

/* The park's entrepreneurship mentors. */
static int
load_mentors(struct loader *l)
{
	char since[16];
	struct person p;
	int rc = 0;

	for (int i = 0; i < N_MENTORS && !rc; i++) {
		demo_random_day(l, demo_day("2014-06-01"), demo_day("2019-06-30"),
			   since);
		rc = demo_add_member(l, l->park[P_PARK], "mentor", "创业导师", since,
				NULL, &p);
	}
	return rc;
}

/*
 * The trainee who founded a startup (training.c) left the firm that hired
 * it through its class's selection the day before the founding: the
 * employment ends, resigned, so the path reads trained, hired, founding.
 */
static int
load_founder_path(struct loader *l)
{
	const struct startup *u = &l->startups[l->founder_startup];
	struct problem pb = { 0 };
	json_t *roles, *a, *in;
	char until[16];
	size_t i;
	int rc;

	if (!l->founder_trainee)
		return 0;
	demo_day_format(demo_day(u->founded) - 1, until);
	rc = party_affiliations_of(l->db, l->founder_trainee, 0, &roles);
	json_array_foreach(roles, i, a) {
		if (rc || strcmp(json_string_value(json_object_get(a, "role")),
				 "employee") || json_integer_value(
				 json_object_get(a, "org_id")) != l->firm[0])
			continue;
		in = json_pack("{s:s,s:s}", "until", until, "leave_reason",
			       "resigned");
		rc = record_update_in(l->db, &party_affiliation_table,
				      l->actor, json_integer_value(
				      json_object_get(a, "id")), in, &pb);
		json_decref(in);
		if (rc)
			rc = demo_failed(l, rc, &pb, "departure of", u->name);
	}
	json_decref(roles);
	return rc;
}

/*
 * The steps of the load, in an order that has parents before children:
 * the parties first, then each business module's history (loader.h).
 */
static int (*const steps[])(struct loader *) = {
	check_empty, load_park, load_partners, load_firms, load_schools,
	load_college, load_startups, load_experts, load_mentors,
	demo_load_incubation, demo_load_incubation_ops,
	demo_load_training, demo_load_selection, load_founder_path,
	demo_load_facility, demo_load_facility_day, demo_load_workbench,
};

int
demo_load(struct db *db, const struct audit_actor *actor,
	  struct demo_summary *sum)
{
	struct loader *l;
	const char *why = NULL;
	int rc;

	memset(sum, 0, sizeof(*sum));
	l = xcalloc(1, sizeof(*l));
	l->db = db;
	l->actor = actor;
	l->sum = sum;
	l->rng.state = DEMO_SEED;
	rc = db_begin(db);
	if (rc) {
		snprintf(sum->error, sizeof(sum->error), "%s",
			 db_errmsg(db));
		goto out;
	}
	for (size_t i = 0; i < ARRAY_SIZE(steps) && !rc; i++)
		rc = steps[i](l);
	if (rc)
		goto out_rollback;
	rc = db_commit(db);
	if (rc) {
		snprintf(sum->error, sizeof(sum->error), "%s",
			 db_errmsg(db));
		goto out_forget;
	}
	/* The portal tells the park's story as of its date (settings.h). */
	rc = settings_set(db, actor, "portal.today", DEMO_AS_OF, &why);
	if (rc)
		snprintf(sum->error, sizeof(sum->error), "portal.today: %s",
			 why ? why : err_str(rc));
	goto out;

out_rollback:
	db_rollback(db);
out_forget:
	/* Nothing was loaded: keep only the reason. */
	memset(sum, 0, offsetof(struct demo_summary, error));
out:
	free(l);
	return rc;
}
