/**
 * Twitter API JSON, as collectors save it: JSON lines or arrays of v1.1 statuses (twitter-v1.ts)
 * and of v2 pages or tweets (twitter-v2.ts), told apart value by value, so one file may mix them.
 * Stream control messages (`delete`, `limit`, ...) and pages holding only `errors`/`meta` are
 * skipped; anything else that is not a tweet is rejected.
 */
import { problem, type JsonFormat, type JsonRecordSink, type JsonValueMapper, type RowProblem } from "./common.ts";
import { isObject } from "./twitter-json-fields.ts";
import { bindTwitterV1, isV1Status } from "./twitter-v1.ts";
import { bindTwitterV2, isV2Page, isV2Tweet } from "./twitter-v2.ts";

/**
 * How deep arrays may nest (a page of statuses is 1): real files stay far below; a crafted value
 * nested thousands deep would otherwise overflow the stack.
 */
const MAX_ARRAY_DEPTH = 2;

/** Stream messages that are not tweets and not errors. */
const CONTROL_KEYS = ["delete", "limit", "scrub_geo", "status_withheld", "user_withheld", "disconnect", "warning", "friends", "event"];

export const twitterJsonFormat: JsonFormat = {
  name: "twitter-json",
  expectedShape: "JSON lines or a JSON array of API v1.1 tweets (id_str, user, created_at) or v2 pages/tweets (data, includes; id, author_id)",
  bind(context): JsonValueMapper {
    const v1 = bindTwitterV1(context);
    const v2 = bindTwitterV2(context);

    function mapValue(value: unknown, sink: JsonRecordSink, reject: (p: RowProblem) => void, arrayDepth = 0): void {
      if (Array.isArray(value)) {
        if (arrayDepth >= MAX_ARRAY_DEPTH) {
          reject(problem(undefined, `arrays nested more than ${MAX_ARRAY_DEPTH} deep: expected tweets or API response pages`));
          return;
        }
        for (const item of value) mapValue(item, sink, reject, arrayDepth + 1);
        return;
      }
      if (!isObject(value)) {
        reject(problem(undefined, "expected a JSON object (a tweet or an API response page)"));
        return;
      }
      // A page is recognised first: its `data` tweets may look like anything.
      if (isV2Page(value)) return v2(value, sink, reject);
      if (isV1Status(value)) return v1(value, sink, reject);
      if (isV2Tweet(value)) return v2(value, sink, reject);
      if (CONTROL_KEYS.some((key) => key in value)) return;
      if ("errors" in value || "meta" in value) return;
      reject(problem(undefined, "not a tweet: no id_str/user (v1.1), author_id (v2) or data (v2 page)"));
    }

    return (value, sink, reject) => mapValue(value, sink, reject);
  },
};
