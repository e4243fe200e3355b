"use server";

import { z } from "zod";
import { actionClient } from "@/lib/actions/client";
import { getDb } from "@/lib/db/client";
import { answerSurvey, surveyByToken, ZAnswer } from "@/lib/support/feedback";

// The token in the link is the authorization: whoever holds the email answers its survey.
export const answerSurveyAction = actionClient
  .inputSchema(ZAnswer.extend({ token: z.string().max(64) }))
  .action(async ({ parsedInput: { token, ...answer } }) => {
    const survey = await surveyByToken(getDb(), token);
    if (!survey) {
      return { ok: false as const };
    }
    await answerSurvey(getDb(), survey.id, answer);
    return { ok: true as const };
  });
