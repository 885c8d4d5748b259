/** `coordgraph synth`: write a synthetic io-archive with planted campaigns (see `src/synth`). */
import { SingleBar } from "cli-progress";
import type { Command } from "commander";
import { SYNTH_DEFAULTS, SYNTH_MIXES, generateArchive, parseCountOption, type SynthMix, type SynthProgress } from "../../synth/index.ts";
import { UsageError } from "../../errors.ts";
import { emit, formatBytes } from "../output.ts";
import { counted } from "../../run/words.ts";

interface SynthCliOptions {
  tweets: number;
  accounts: number;
  campaigns: number;
  mix: SynthMix;
  heavyPosters?: number;
  interestCommunities?: number;
  seed: number;
  prefix: string;
  start: string;
  end: string;
  out: string;
  quiet?: boolean;
  json?: boolean;
}

const count = (flag: string) => (value: string) => parseCountOption(value, flag);

function parseMix(value: string): SynthMix {
  if (!(SYNTH_MIXES as readonly string[]).includes(value)) {
    throw new UsageError("BAD_OPTION", `expected one of ${SYNTH_MIXES.join(", ")}, got "${value}"`, { field: "mix" });
  }
  return value as SynthMix;
}

/** A progress bar on stderr when it is a terminal, else nothing. */
function progressReporter(enabled: boolean): { onProgress?: (progress: SynthProgress) => void; stop: () => void } {
  if (!enabled) return { stop: () => {} };
  const bar = new SingleBar({
    stream: process.stderr,
    format: "synth [{bar}] {percentage}% | {value}/{total} tweets | {duration_formatted} | ETA {eta_formatted}",
    hideCursor: true,
    clearOnComplete: true,
    etaBuffer: 50,
  });
  let started = false;
  return {
    onProgress: ({ tweetsWritten, tweetsTotal }) => {
      if (!started) {
        bar.start(tweetsTotal, tweetsWritten);
        started = true;
      } else bar.update(tweetsWritten);
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

export function registerSynthCommand(program: Command): void {
  program
    .command("synth")
    .description(
      "write a synthetic io-archive (October 2018 release format) with planted coordinated campaigns " +
        "(co-retweet, co-hashtag, co-url, co-text, sync, mixed; strong and weak; 8-40 members) hidden among organic accounts " +
        "that act alike by chance (viral bursts, trending hashtags and news, copy-paste, a daily cycle, heavy-tailed activity, " +
        "superspreaders), and truth.json naming the campaigns and the superspreaders; same seed, same bytes. " +
        "--mix hard adds what breaks detectors out of sample: organic heavy posters on their time zone's daily clock, " +
        "organic interest communities sharing niche sources minutes to hours apart, medium campaigns, mixed campaigns using all five behaviours",
    )
    .requiredOption("--tweets <n>", "tweets to write (the IRA release has 9041308)", count("tweets"))
    .requiredOption("--accounts <m>", "accounts in the archive (the IRA release has 3841)", count("accounts"))
    .option(
      "--campaigns <k>",
      "planted campaigns; types cycle (co-retweet, co-hashtag, co-url, co-text, sync, mixed), strong in the first round, weak (5-8 events, members 30-180 s apart) in the next; " +
        `8 plant every type and two weak ones; with --mix hard rounds go strong, medium (each member in 15-30 events, members 20-120 s apart), weak, and the default is ${SYNTH_DEFAULTS.hardMixCampaigns}; 0: organic accounts only`,
      count("campaigns"),
      SYNTH_DEFAULTS.campaigns,
    )
    .option(
      "--mix <name>",
      "default: the demo's archive; hard: adds organic heavy posters (2.5% of accounts writing 40% of the organic tweets on their time zone's daily clock), " +
        "organic interest communities (one per 150 accounts, 2-20, sharing niche feeds, tags and sites minutes to hours apart), medium campaigns, and mixed campaigns using all five behaviours",
      parseMix,
      SYNTH_DEFAULTS.mix,
    )
    .option("--heavy-posters <n>", "organic heavy posters (default: 0; with --mix hard 2.5% of the accounts, at least 3)", count("heavy-posters"))
    .option("--interest-communities <n>", "organic interest communities (default: 0; with --mix hard one per 150 accounts, from 2 to 20)", count("interest-communities"))
    .option("--seed <s>", "random seed (0 to 4294967295)", count("seed"), SYNTH_DEFAULTS.seed)
    .option("--prefix <name>", "file name prefix: <prefix>_tweets_csv_hashed.csv, <prefix>_users_csv_hashed.csv", SYNTH_DEFAULTS.prefix)
    .option("--start <date>", "first day of tweets, YYYY-MM-DD (UTC)", SYNTH_DEFAULTS.start)
    .option("--end <date>", "day after the last tweets, YYYY-MM-DD (UTC, exclusive)", SYNTH_DEFAULTS.end)
    .requiredOption("--out <dir>", "directory to write into (created if missing; files are overwritten)")
    .option("--quiet", "no progress bar")
    .option("--json", "print the summary as JSON on stdout")
    .action(async (options: SynthCliOptions, command: Command) => {
      const progress = progressReporter(!options.quiet && process.stderr.isTTY === true);
      let summary;
      try {
        summary = await generateArchive({
          tweets: options.tweets,
          accounts: options.accounts,
          // --mix hard has a default of its own: the shown default (8) applies only when --campaigns was left out in the default mix.
          campaigns: command.getOptionValueSource("campaigns") === "default" && options.mix === "hard" ? undefined : options.campaigns,
          mix: options.mix,
          heavyPosters: options.heavyPosters,
          interestCommunities: options.interestCommunities,
          seed: options.seed,
          prefix: options.prefix,
          start: options.start,
          end: options.end,
          outDir: options.out,
          onProgress: progress.onProgress,
        });
      } finally {
        progress.stop();
      }
      const done = summary;
      emit(options, done, () =>
        [
          `wrote ${counted(done.tweets, "tweet")} by ${counted(done.accounts, "account")}, ${counted(done.campaigns, "planted campaign")} (${counted(done.plantedTweets, "planted tweet")})`,
          `  organic: ${counted(done.organic.superspreaders, "superspreader")}, ${counted(done.organic.viralBursts, "viral burst")}, ${counted(done.organic.trendingHashtags, "trending hashtag")}, ` +
            `${counted(done.organic.breakingNews, "breaking news link")}, ${counted(done.organic.copyPasteEvents, "copy-paste wave")} (${counted(done.organic.copyPasteTweets, "copied text")})` +
            (done.organic.heavyPosters > 0 ? `, ${counted(done.organic.heavyPosters, "heavy poster")} (${counted(done.organic.heavyPosterTweets, "tweet")})` : "") +
            (done.organic.interestCommunities > 0 ? `, ${counted(done.organic.interestCommunities, "interest community", "interest communities")} (${counted(done.organic.interestTweets, "shared source", "shared sources")})` : ""),
          `  ${done.files.tweets} (${formatBytes(done.bytes.tweets)})`,
          `  ${done.files.users} (${formatBytes(done.bytes.users)})`,
          `  ${done.files.truth}`,
          `  ${(done.elapsedMs / 1000).toFixed(1)} s, ${done.tweetsPerSecond} tweets/s`,
        ].join("\n"),
      );
    });
}
