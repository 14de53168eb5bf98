/**
 * sts:DecodeAuthorizationMessage — requires sts:DecodeAuthorizationMessage; anything that is not
 * one of this deployment's encoded messages gets InvalidAuthorizationMessageException.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_DecodeAuthorizationMessage.html
 */
import { fixedError } from '../core/errors.js';
import { action } from '../core/action.js';

const invalidMessage = fixedError('InvalidAuthorizationMessageException', 'The message is not a valid authorization message.');

export const decodeAuthorizationMessage = action({
  service: 'sts',
  name: 'DecodeAuthorizationMessage',
  params: { EncodedMessage: { type: 'string', required: true, min: 1, max: 10240 } },
  resource: () => '*',
  handler(ctx, input) {
    const decoded = ctx.services.authzMessages.decode(input.EncodedMessage);
    if (decoded === undefined) throw invalidMessage();
    return { DecodedMessage: decoded };
  },
});
