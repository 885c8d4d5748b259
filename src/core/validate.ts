/**
 * Agreement between a community partition and ground-truth labels (e.g. FiveThirtyEight's
 * `account_category` for the IRA accounts): normalised mutual information, adjusted Rand index and purity.
 *
 * Method: information-theoretic and pair-counting measures as reviewed by Vinh, Epps & Bailey (2010),
 * "Information Theoretic Measures for Clusterings Comparison", JMLR 11:2837–2854; the adjusted Rand
 * index of Hubert & Arabie (1985), "Comparing partitions", J. Classification 2:193–218; purity as in
 * Manning, Raghavan & Schütze (2008), Introduction to Information Retrieval, §16.3.
 *
 * NMI is normalised by the arithmetic mean of the two entropies, NMI = I(U;V) / ((H(U) + H(V)) / 2),
 * which is Vinh et al.'s NMI_sum and scikit-learn's default (`average_method="arithmetic"`), so figures
 * can be checked against `normalized_mutual_info_score`. Natural logarithms (the base cancels out).
 * Degenerate cases follow scikit-learn too: two labelings that both put everything in one cluster,
 * or both put every item in its own cluster, agree perfectly (NMI = ARI = 1).
 *
 * Only accounts that have both a community and a label are compared: isolated accounts (community
 * `null`) and unlabelled accounts (label `null`, `undefined` or empty) are counted and left out.
 */
import { AnalysisError } from "../errors.ts";

/** A clustering key: a community id, a label, or any other value compared with `===`. */
export type ClusterKey = string | number;

/** Account → community (as in `RunNode.community`) or account → label; missing values are skipped. */
export type Assignment<K extends ClusterKey> =
  | ReadonlyMap<string, K | null | undefined>
  | Readonly<Record<string, K | null | undefined>>;

/** How well one community's members agree on a label. */
export interface CommunityPurity {
  community: ClusterKey;
  /** Members that have a label (the accounts compared). */
  size: number;
  /** The most frequent label; ties go to the label that sorts first. */
  topLabel: string;
  topLabelCount: number;
  /** topLabelCount / size. */
  share: number;
  /** Every label among the members, most frequent first (ties by label). */
  labels: Array<{ label: string; count: number }>;
}

export interface LabelAgreement {
  /** Accounts with both a community and a label: the population every figure is computed over. */
  accounts: number;
  /** Accounts with a community but no label. */
  unlabelled: number;
  /** Accounts with a label but no community (absent from the partition, or isolated). */
  unpartitioned: number;
  communities: number;
  labels: number;
  /** Normalised mutual information, arithmetic-mean normalisation, in [0, 1]. */
  nmi: number;
  /** Adjusted Rand index: 1 for identical partitions, about 0 for random ones, can be negative. */
  ari: number;
  /** Share of accounts whose label is their community's top label, in (0, 1]. */
  purity: number;
  /** Sorted by community: numbers ascending, then strings. */
  perCommunity: CommunityPurity[];
}

/**
 * Compares a partition with labels over the accounts that have both.
 *
 * @throws AnalysisError `NO_LABELLED_ACCOUNTS` when no account has both a community and a label.
 * @example
 * const partition = new Map(result.nodes.map((n) => [n.id, n.community]));
 * const labels = new Map(accounts.map((a) => [a.id, a.accountCategory]));
 * const { nmi, ari, purity, perCommunity } = compareWithLabels(partition, labels);
 */
export function compareWithLabels(partition: Assignment<ClusterKey>, labels: Assignment<string>): LabelAgreement {
  const partitionMap = toMap(partition);
  const labelMap = toMap(labels);
  const communityOfAccount: ClusterKey[] = [];
  const labelOfAccount: string[] = [];
  let unlabelled = 0;
  for (const [account, community] of partitionMap) {
    if (!hasValue(community)) continue;
    const label = labelMap.get(account);
    if (!hasValue(label)) {
      unlabelled++;
      continue;
    }
    communityOfAccount.push(community);
    labelOfAccount.push(label);
  }
  let unpartitioned = 0;
  for (const [account, label] of labelMap) {
    if (hasValue(label) && !hasValue(partitionMap.get(account))) unpartitioned++;
  }
  if (communityOfAccount.length === 0) {
    throw new AnalysisError("NO_LABELLED_ACCOUNTS", "no account has both a community and a label", {
      hint: "check that the labels use the same account ids as the run (hashed vs numeric ids)",
    });
  }

  const table = contingencyTable(communityOfAccount, labelOfAccount);
  const labelNames = table.columns as string[];
  const perCommunity: CommunityPurity[] = table.rows
    .map((community, r) => {
      const labelCounts = table.counts[r]
        .map((count, c) => ({ label: labelNames[c], count }))
        .filter(({ count }) => count > 0)
        .sort((a, b) => b.count - a.count || compareKeys(a.label, b.label));
      const top = labelCounts[0];
      const size = table.rowSums[r];
      return { community, size, topLabel: top.label, topLabelCount: top.count, share: top.count / size, labels: labelCounts };
    })
    .sort((a, b) => compareKeys(a.community, b.community));

  return {
    accounts: table.n,
    unlabelled,
    unpartitioned,
    communities: table.rows.length,
    labels: table.columns.length,
    nmi: nmiFromTable(table),
    ari: ariFromTable(table),
    purity: perCommunity.reduce((sum, c) => sum + c.topLabelCount, 0) / table.n,
    perCommunity,
  };
}

/**
 * Normalised mutual information of two labelings of the same items (arithmetic-mean normalisation,
 * as scikit-learn's `normalized_mutual_info_score`). Label values are only compared, never ordered.
 *
 * @example
 * normalizedMutualInformation([0, 0, 1, 1], [0, 0, 1, 2]); // 0.8
 */
export function normalizedMutualInformation(a: readonly ClusterKey[], b: readonly ClusterKey[]): number {
  return nmiFromTable(contingencyTable(a, b));
}

/**
 * Adjusted Rand index of two labelings of the same items (Hubert & Arabie 1985).
 *
 * @example
 * adjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 2]); // 0.5714… (4/7)
 */
export function adjustedRandIndex(a: readonly ClusterKey[], b: readonly ClusterKey[]): number {
  return ariFromTable(contingencyTable(a, b));
}

/**
 * Purity of clusters `a` with respect to classes `b`: each cluster is credited with its most frequent
 * class. Not symmetric; 1 when every cluster is a single class (trivially so for singletons).
 *
 * @example
 * purity([0, 0, 1, 1], ["x", "y", "y", "y"]); // 0.75
 */
export function purity(a: readonly ClusterKey[], b: readonly ClusterKey[]): number {
  const table = contingencyTable(a, b);
  if (table.n === 0) return 1;
  return table.counts.reduce((sum, row) => sum + Math.max(...row), 0) / table.n;
}

interface ContingencyTable {
  rows: ClusterKey[];
  columns: ClusterKey[];
  /** counts[row][column]: items in cluster `rows[row]` of a and `columns[column]` of b. */
  counts: number[][];
  rowSums: number[];
  columnSums: number[];
  n: number;
}

function contingencyTable(a: readonly ClusterKey[], b: readonly ClusterKey[]): ContingencyTable {
  if (a.length !== b.length) {
    throw new RangeError(`labelings have different lengths (${a.length} and ${b.length})`);
  }
  const rowIndex = new Map<ClusterKey, number>();
  const columnIndex = new Map<ClusterKey, number>();
  const cells = new Map<number, number>();
  const rowOf = (key: ClusterKey) => indexOf(rowIndex, key);
  const columnOf = (key: ClusterKey) => indexOf(columnIndex, key);
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < a.length; i++) pairs.push([rowOf(a[i]), columnOf(b[i])]);
  const width = columnIndex.size;
  for (const [r, c] of pairs) cells.set(r * width + c, (cells.get(r * width + c) ?? 0) + 1);

  const counts = Array.from({ length: rowIndex.size }, () => new Array<number>(width).fill(0));
  for (const [cell, count] of cells) counts[Math.floor(cell / width)][cell % width] = count;
  const rowSums = counts.map((row) => row.reduce((s, x) => s + x, 0));
  const columnSums = new Array<number>(width).fill(0);
  for (const row of counts) row.forEach((x, c) => (columnSums[c] += x));
  return { rows: [...rowIndex.keys()], columns: [...columnIndex.keys()], counts, rowSums, columnSums, n: a.length };
}

function nmiFromTable(table: ContingencyTable): number {
  const { n, rows, columns } = table;
  if (rows.length === columns.length && (rows.length <= 1 || rows.length === n)) return 1;
  const hA = entropy(table.rowSums, n);
  const hB = entropy(table.columnSums, n);
  let mi = 0;
  table.counts.forEach((row, r) =>
    row.forEach((nij, c) => {
      if (nij > 0) mi += (nij / n) * Math.log((nij * n) / (table.rowSums[r] * table.columnSums[c]));
    }),
  );
  // One side a single cluster: no information either way (scikit-learn returns 0 here too).
  if (mi <= 0 || hA + hB === 0) return 0;
  return Math.min(1, mi / ((hA + hB) / 2));
}

function ariFromTable(table: ContingencyTable): number {
  const { n, rows, columns } = table;
  if (rows.length === columns.length && (rows.length <= 1 || rows.length === n)) return 1;
  const pairs = (x: number) => (x * (x - 1)) / 2;
  let index = 0;
  for (const row of table.counts) for (const nij of row) index += pairs(nij);
  const sumA = table.rowSums.reduce((s, x) => s + pairs(x), 0);
  const sumB = table.columnSums.reduce((s, x) => s + pairs(x), 0);
  const expected = (sumA * sumB) / pairs(n);
  const max = (sumA + sumB) / 2;
  return max === expected ? 0 : (index - expected) / (max - expected);
}

function entropy(sums: readonly number[], n: number): number {
  let h = 0;
  for (const x of sums) if (x > 0) h -= (x / n) * Math.log(x / n);
  return h;
}

function indexOf(index: Map<ClusterKey, number>, key: ClusterKey): number {
  let i = index.get(key);
  if (i === undefined) {
    i = index.size;
    index.set(key, i);
  }
  return i;
}

function toMap<K extends ClusterKey>(assignment: Assignment<K>): ReadonlyMap<string, K | null | undefined> {
  return assignment instanceof Map ? assignment : new Map(Object.entries(assignment));
}

function hasValue<K extends ClusterKey>(value: K | null | undefined): value is K {
  return value !== null && value !== undefined && value !== "";
}

/** Numbers ascending before strings; strings by code units. */
function compareKeys(a: ClusterKey, b: ClusterKey): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a !== typeof b) return typeof a === "number" ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
