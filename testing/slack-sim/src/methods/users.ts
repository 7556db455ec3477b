import { fail, type MethodHandler, str, userJson } from './context.js';

export const lookupByEmail: MethodHandler = ({ workspace }, args) => {
  const email = str(args, 'email');
  if (email === undefined) return fail('invalid_arguments');
  const user = workspace.userByEmail(email);
  if (!user) return fail('users_not_found');
  return { ok: true, user: userJson(workspace, user) };
};

export const info: MethodHandler = ({ workspace }, args) => {
  const id = str(args, 'user');
  const user = id === undefined ? undefined : workspace.user(id);
  if (!user) return fail('user_not_found');
  return { ok: true, user: userJson(workspace, user) };
};
