/** `co-mention`: accounts mentioning the same account within seconds of each other. Method: CooRTweet's detect_groups + generate_coordinated_network (Righetti & Balluff). */
import { defineCoShareAnalysis } from "./co-share-family.ts";

export default defineCoShareAnalysis({
  name: "co-mention",
  description: "accounts mentioning the same account within seconds of each other",
  objectNoun: "mentioned account",
  retweetsOption: true,
  objectKind: "account",
  headline: { action: "mentioned the same", objectNoun: "account", objectsNoun: "accounts", coAction: "co-mention", coActions: "co-mentions" },
});
