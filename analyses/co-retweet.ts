/** `co-retweet`: accounts retweeting the same tweet within seconds of each other (CooRTweet-exact network, tested against chance). Method: CooRTweet's detect_groups + generate_coordinated_network (Righetti & Balluff). */
import { defineCoShareAnalysis } from "./co-share-family.ts";

export default defineCoShareAnalysis({
  name: "co-retweet",
  description: "accounts retweeting the same tweet within seconds of each other (CooRTweet-exact network, tested against chance)",
  objectNoun: "retweeted tweet",
  retweetsOption: false,
  objectKind: "tweet",
  headline: { action: "retweeted the same", objectNoun: "tweet", objectsNoun: "tweets", coAction: "co-retweet", coActions: "co-retweets" },
});
