/**
 * `validate`: agreement between a run's communities and account labels where the archive has them
 * (FiveThirtyEight's account_category / account_type): NMI, adjusted Rand index (Vinh et al. 2010)
 * and purity per community. The run's own network is carried over so the viewer can show it.
 */
import { defineAnalysis, timed } from "../src/engine/module.ts";
import { readRunDirectory, resolveRunDirectory } from "../src/engine/runs.ts";
import { compareWithLabels } from "../src/core/validate.ts";
import { cypher } from "../src/db/cypher.ts";
import { readRows } from "../src/db/driver.ts";

const validate = defineAnalysis({
  name: "validate",
  description: "agreement of a run's communities with account labels (NMI, adjusted Rand index, purity per community)",
  options: [
    { key: "run", flag: "run", type: "optional-string", default: null, description: "run id or directory to validate (default: the latest run)" },
    { key: "label", flag: "label", type: "choice", default: "accountCategory", choices: ["accountCategory", "accountType"], description: "which account label is the ground truth" },
  ],
  async run(context, options) {
    const outDir = await resolveRunDirectory(context.db, options.run ?? undefined);
    const { record, result } = readRunDirectory(outDir);
    const partition = new Map(result.nodes.filter((n) => n.community !== null).map((n) => [n.id, n.community]));
    const labels = new Map<string, string>();
    const ids = [...partition.keys()];
    await timed(context, "labels", async () => {
      for (let start = 0; start < ids.length; start += 20_000) {
        const rows = await readRows<{ id: string; label: string }>(context.db, cypher("validate-labels"), { ids: ids.slice(start, start + 20_000), label: options.label });
        for (const row of rows) labels.set(row.id, row.label);
      }
    });
    const agreement = compareWithLabels(partition, labels);
    return {
      ...result,
      summary: {
        validatedRun: record.id,
        validatedAnalysis: record.analysis,
        label: options.label,
        accounts: agreement.accounts,
        unlabelled: agreement.unlabelled,
        communities: agreement.communities,
        labels: agreement.labels,
        nmi: agreement.nmi,
        ari: agreement.ari,
        purity: agreement.purity,
      },
      tables: {
        purity: agreement.perCommunity.map((c) => ({
          community: String(c.community),
          size: c.size,
          topLabel: c.topLabel,
          topLabelCount: c.topLabelCount,
          share: c.share,
          labels: c.labels.map((l) => `${l.label}:${l.count}`).join(" "),
        })),
      },
    };
  },
});

export default validate;
