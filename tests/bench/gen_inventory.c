/* Writes a deterministic SCCM/Intune-style inventory export for the
 * benchmark: gen_inventory ROWS [FILE]. The OS mix follows a fleet in 2024
 * (mostly Windows 10 22H2 and 11, a tail of servers and 6.x machines whose
 * hotfix lists run to hundreds of KBs), so the per-row cost is realistic:
 * 6.x rows dominate the bytes, as they do in real exports. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct os_row {
    unsigned weight; /* per 1000 */
    const char *version; /* major.minor.build */
    unsigned rev_min, rev_max;
    const char *caption;
    unsigned product;  /* 1 workstation, 3 server */
    unsigned kbs_min, kbs_max;
    unsigned october_kb, prereq_kb; /* present in ~70% of rows, 0 = none */
} os_row;

static const os_row rows[] = {
    {250, "10.0.19045", 2006, 4412, "Microsoft Windows 10 Enterprise", 1, 3, 8, 0, 0},
    {90, "10.0.22621", 1702, 4317, "Microsoft Windows 11 Enterprise", 1, 3, 6, 0, 0},
    {60, "10.0.22631", 2428, 4317, "Microsoft Windows 11 Pro", 1, 3, 6, 0, 0},
    {30, "10.0.26100", 1742, 3476, "Microsoft Windows 11 Enterprise", 1, 2, 5, 0, 0},
    {50, "10.0.19044", 1288, 4170, "Microsoft Windows 10 Enterprise LTSC 2021", 1, 3, 8, 0, 0},
    {40, "10.0.19042", 985, 2965, "Microsoft Windows 10 Enterprise", 1, 4, 10, 0, 0},
    {20, "10.0.18363", 1139, 2274, "Microsoft Windows 10 Pro", 1, 4, 10, 0, 0},
    {40, "10.0.17763", 1577, 6659, "Microsoft Windows 10 Enterprise LTSC 2019", 1, 4, 12, 0, 0},
    {100, "10.0.17763", 1577, 6659, "Microsoft Windows Server 2019 Standard", 3, 4, 12, 0, 0},
    {80, "10.0.14393", 3866, 7428, "Microsoft Windows Server 2016 Datacenter", 3, 4, 14, 0, 0},
    {80, "10.0.20348", 169, 2762, "Microsoft Windows Server 2022 Standard", 3, 3, 8, 0, 0},
    {10, "10.0.10240", 18818, 20826, "Microsoft Windows 10 Enterprise LTSB 2015", 1, 4, 12, 0, 0},
    {50, "6.1.7601", 24000, 27000, "Microsoft Windows 7 Enterprise", 1, 80, 260, 5006743, 4474419},
    {20, "6.1.7601", 24000, 27000, "Microsoft Windows Server 2008 R2 Standard", 3, 80, 260, 5006743, 4474419},
    {50, "6.3.9600", 19000, 21500, "Microsoft Windows Server 2012 R2 Standard", 3, 40, 180, 5006714, 0},
    {20, "6.2.9200", 22800, 24500, "Microsoft Windows Server 2012 Standard", 3, 40, 150, 5006739, 0},
    {5, "6.0.6003", 20500, 22000, "Microsoft Windows Server 2008 Standard", 3, 60, 200, 5006736, 4474419},
    {5, "5.1.2600", 0, 0, "Microsoft Windows XP Professional", 1, 40, 120, 0, 0},
};

/* Hotfix IDs come from a fleet's small catalog of updates, not uniformly from
 * every number: a pool per family (modern, 6.x), drawn once from the seed. */
#define MODERN_POOL 400
#define LEGACY_POOL 2500
static uint32_t modern_pool[MODERN_POOL], legacy_pool[LEGACY_POOL];

static uint64_t state = 0x9E3779B97F4A7C15ull;

static uint32_t next_random(void)
{
    /* xorshift64*: fast, and the same sequence on every machine. */
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return (uint32_t)((state * 0x2545F4914F6CDD1Dull) >> 32);
}

static unsigned between(unsigned lo, unsigned hi)
{
    return hi <= lo ? lo : lo + next_random() % (hi - lo + 1);
}

static const os_row *pick_row(void)
{
    unsigned total = 0, roll;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        total += rows[i].weight;
    roll = next_random() % total;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        if (roll < rows[i].weight)
            return &rows[i];
        roll -= rows[i].weight;
    }
    return &rows[0];
}

static void fill_pools(void)
{
    for (size_t i = 0; i < MODERN_POOL; i++)
        modern_pool[i] = between(4500000, 5040000);
    for (size_t i = 0; i < LEGACY_POOL; i++)
        legacy_pool[i] = between(2200000, 5040000);
}

int main(int argc, char **argv)
{
    static char buffer[1 << 20];
    unsigned long count;
    FILE *out;

    if (argc < 2) {
        fprintf(stderr, "usage: gen_inventory ROWS [FILE]\n");
        return 64;
    }
    count = strtoul(argv[1], NULL, 10);
    out = argc > 2 ? fopen(argv[2], "wb") : stdout;
    if (!out) {
        perror(argv[2]);
        return 66;
    }
    setvbuf(out, buffer, _IOFBF, sizeof buffer);
    fill_pools();
    fputs("ComputerName,OSVersion,Caption,ProductType,HotFixIDs,RootCaPresent,RootAutoUpdateDisabled,"
          "RootListLastSync\r\n",
          out);
    for (unsigned long n = 1; n <= count; n++) {
        const os_row *row = pick_row();
        unsigned kbs = between(row->kbs_min, row->kbs_max);
        fprintf(out, "PC-%07lu,%s.%u,%s,%u,\"", n, row->version, between(row->rev_min, row->rev_max), row->caption,
                row->product);
        for (unsigned k = 0; k < kbs; k++)
            fprintf(out, "%sKB%u", k ? "," : "",
                    row->version[0] == '1' ? modern_pool[next_random() % MODERN_POOL]
                                           : legacy_pool[next_random() % LEGACY_POOL]);
        if (row->october_kb && next_random() % 10 < 7)
            fprintf(out, ",KB%u", row->october_kb);
        if (row->prereq_kb && next_random() % 10 < 8)
            fprintf(out, ",KB%u", row->prereq_kb);
        unsigned root = next_random() % 100;
        /* Most machines hold the root; some air-gapped ones with the policy on. */
        fprintf(out, "\",%s,%s,%s\r\n", root < 90 ? "True" : "False", root < 95 ? "False" : "True",
                root < 97 ? "2024-03-12" : "never");
    }
    if (fflush(out) != 0 || ferror(out)) {
        perror("gen_inventory");
        return 74;
    }
    if (out != stdout)
        fclose(out);
    return 0;
}
