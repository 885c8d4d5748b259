/**
 * Account files: the IO archives' users file (`userid, user_display_name, user_screen_name, ...`)
 * and NBC News' `users.csv` of the same IRA accounts (API v1.1 field names: `id, screen_name,
 * name, followers_count, friends_count, created_at, ...`). NBC lists 61 accounts with an empty
 * `id`: they get `name:<screen name>`, the id FiveThirtyEight mentions use, instead of a reject.
 */
import type { AccountRecord } from "../../model.ts";
import { accountColumns, readAccount, ioAccountId } from "./io-archive.ts";
import { col, detach, field, indexedValueProblem, parseCount, problem, type ColumnIndex, type CsvFormat, type CsvRowMapper } from "./common.ts";
import { idProblem, IdInterner, isDigits, screenNameId } from "./ids.ts";
import { parseCalendarDate } from "./times.ts";

export const IO_USERS_COLUMNS =
  "userid, user_display_name, user_screen_name, user_reported_location, user_profile_description, user_profile_url, " +
  "follower_count, following_count, account_creation_date, account_language " +
  "(or NBC's id, screen_name, name, location, description, followers_count, friends_count, created_at, lang)";

function isNbc(columns: ColumnIndex): boolean {
  return !columns.has("userid") && columns.has("id") && columns.has("screen_name");
}

export const ioUsersFormat: CsvFormat = {
  name: "io-users",
  expectedColumns: IO_USERS_COLUMNS,
  matches(columns) {
    if (columns.has("tweetid") || columns.has("tweet_time") || columns.has("text") || columns.has("tweet_id")) return false;
    if (columns.has("userid")) {
      return columns.has("user_screen_name") || columns.has("follower_count") || columns.has("account_creation_date");
    }
    return isNbc(columns) && (columns.has("followers_count") || columns.has("friends_count") || columns.has("created_at"));
  },
  missingColumns(columns) {
    return columns.has("userid") || isNbc(columns) ? [] : ["userid (or NBC's id and screen_name)"];
  },
  bind(columns) {
    return isNbc(columns) ? bindNbc(columns) : bindIoUsers(columns);
  },
};

function bindIoUsers(columns: ColumnIndex): CsvRowMapper {
  const account = accountColumns(columns);
  const out: { account?: AccountRecord } = {};
  const ids = new IdInterner();
  return (fields, sink) => {
    const id = ioAccountId(fields, account, ids);
    if (typeof id !== "string") return id;
    const bad = readAccount(fields, account, id, out);
    if (bad !== undefined) return bad;
    sink.account(out.account!);
    return undefined;
  };
}

function bindNbc(columns: ColumnIndex): CsvRowMapper {
  const cId = col(columns, "id");
  const cScreenName = col(columns, "screen_name");
  const cName = col(columns, "name");
  const cLocation = col(columns, "location");
  const cDescription = col(columns, "description");
  const cUrl = col(columns, "url");
  const cFollowers = col(columns, "followers_count");
  const cFollowing = col(columns, "friends_count");
  const cCreatedAt = col(columns, "created_at");
  const cLanguage = col(columns, "lang");
  return (fields, sink) => {
    const rawId = field(fields, cId);
    const screenName = field(fields, cScreenName);
    let id: string;
    if (rawId !== "") {
      const reason = idProblem(rawId);
      if (reason !== undefined) return problem("id", reason);
      id = detach(rawId);
    } else if (screenName !== "") {
      const longName = indexedValueProblem("screen_name", screenName);
      if (longName !== undefined) return problem("screen_name", longName);
      id = screenNameId(screenName);
    } else {
      return problem("id", "empty id and screen_name");
    }
    const followers = parseCount(field(fields, cFollowers));
    if (Number.isNaN(followers)) return problem("followers_count", `followers_count "${field(fields, cFollowers)}" is not a count`);
    const following = parseCount(field(fields, cFollowing));
    if (Number.isNaN(following)) return problem("friends_count", `friends_count "${field(fields, cFollowing)}" is not a count`);
    const createdAt = parseCalendarDate(field(fields, cCreatedAt));
    if (createdAt === null) return problem("created_at", `created_at "${field(fields, cCreatedAt)}" is not a date`);
    const longName = indexedValueProblem("screen_name", screenName);
    if (longName !== undefined) return problem("screen_name", longName);
    sink.account({
      id,
      screenName: screenName === "" ? undefined : screenName,
      displayName: field(fields, cName) || undefined,
      location: field(fields, cLocation) || undefined,
      description: field(fields, cDescription) || undefined,
      profileUrl: field(fields, cUrl) || undefined,
      followers,
      following,
      createdAt,
      language: field(fields, cLanguage) || undefined,
      hashed: !isDigits(id) && !id.startsWith("name:"),
    });
    return undefined;
  };
}
