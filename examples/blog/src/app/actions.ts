"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { formError } from "@/lib/errors";
import { postFromForm } from "@/lib/input";
import { createPost, updatePost } from "@/lib/posts";

/** What a form shows after a failed submission. */
export interface FormState {
  error: string | null;
}

export async function createPostAction(_prev: FormState, form: FormData): Promise<FormState> {
  let id: number;
  try {
    id = createPost(postFromForm(form));
  } catch (error) {
    return { error: formError(error) };
  }
  revalidatePath("/");
  redirect(`/posts/${id}`);
}

export async function updatePostAction(_prev: FormState, form: FormData): Promise<FormState> {
  const id = Number(form.get("id"));
  try {
    if (!updatePost(id, postFromForm(form))) return { error: `Post ${id} does not exist` };
  } catch (error) {
    return { error: formError(error) };
  }
  revalidatePath("/");
  revalidatePath(`/posts/${id}`);
  redirect(`/posts/${id}`);
}

export async function deletePostAction(form: FormData): Promise<void> {
  // ON DELETE CASCADE removes the post's comments and post_tags rows.
  getDb().posts.delete(Number(form.get("id")));
  revalidatePath("/");
  redirect("/");
}

export async function addCommentAction(_prev: FormState, form: FormData): Promise<FormState> {
  const postId = Number(form.get("post_id"));
  const author = String(form.get("author_id") ?? "");
  try {
    getDb().comments.create({
      post_id: postId,
      author_id: author === "" ? null : Number(author),
      body: String(form.get("body") ?? ""),
    });
  } catch (error) {
    return { error: formError(error) };
  }
  revalidatePath(`/posts/${postId}`);
  return { error: null };
}

export async function createUserAction(_prev: FormState, form: FormData): Promise<FormState> {
  const name = String(form.get("name") ?? "");
  try {
    getDb().users.create({ email: String(form.get("email") ?? ""), name: name === "" ? null : name });
  } catch (error) {
    return { error: formError(error) };
  }
  revalidatePath("/users");
  revalidatePath("/posts/new");
  return { error: null };
}
