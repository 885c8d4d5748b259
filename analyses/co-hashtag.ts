/** `co-hashtag`: accounts using the same hashtag within seconds of each other. Method: CooRTweet's detect_groups + generate_coordinated_network (Righetti & Balluff). */
import { defineCoShareAnalysis } from "./co-share-family.ts";

export default defineCoShareAnalysis({
  name: "co-hashtag",
  description: "accounts using the same hashtag within seconds of each other",
  objectNoun: "hashtag",
  retweetsOption: true,
  objectKind: "name",
  headline: { action: "posted the same", objectNoun: "hashtag", objectsNoun: "hashtags", coAction: "co-hashtag post", coActions: "co-hashtag posts" },
});
