import { AppError } from '../../errors/app-error';

/**
 * A submitted form whose metadata cannot be read (edited, or from an older Delegate) cannot be
 * acted on. It is acked first: a throw before the ack leaves Slack without an answer, so after
 * 3 s it shows the person a connection error instead. The error handler then tells them why.
 */
export async function formOutOfDate(ack: () => Promise<void>, form: string, userMessage = 'That form is out of date; nothing changed.'): Promise<never> {
  await ack();
  throw new AppError('payload_invalid', `${form} modal metadata unreadable`, userMessage);
}
