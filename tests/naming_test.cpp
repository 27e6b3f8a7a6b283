#include <gtest/gtest.h>

#include "emit/naming.hpp"

using namespace noormc::emit;

TEST(Naming, TypeNamesAreSingularPascalCase) {
  EXPECT_EQ(type_name("users"), "User");
  EXPECT_EQ(type_name("people"), "Person");
  EXPECT_EQ(type_name("post_tags"), "PostTag");
  EXPECT_EQ(type_name("categories"), "Category");
  EXPECT_EQ(type_name("addresses"), "Address");
  EXPECT_EQ(type_name("statuses"), "Status");
  EXPECT_EQ(type_name("boxes"), "Box");
  EXPECT_EQ(type_name("verification_tokens"), "VerificationToken");
  EXPECT_EQ(type_name("User"), "User");
  EXPECT_EQ(type_name("app_book"), "AppBook");
  EXPECT_EQ(type_name("children"), "Child");
  EXPECT_EQ(type_name("analyses"), "Analysis");
  EXPECT_EQ(type_name("news"), "News");
  EXPECT_EQ(type_name("order items"), "OrderItem");
  EXPECT_EQ(type_name("2fa_codes"), "_2faCode");
  EXPECT_EQ(type_name("HTTPRequests"), "HttpRequest");
  EXPECT_EQ(type_name("class"), "Class");
}

TEST(Naming, PluralsAndCamelCase) {
  EXPECT_EQ(plural("person"), "people");
  EXPECT_EQ(plural("category"), "categories");
  EXPECT_EQ(plural("key"), "keys");
  EXPECT_EQ(plural("box"), "boxes");
  EXPECT_EQ(camel("created_at"), "createdAt");
  EXPECT_EQ(camel("providerAccountId"), "providerAccountId");
  EXPECT_EQ(camel("_id"), "_id");
  EXPECT_EQ(camel("user_ID"), "userId");
}

TEST(Naming, IdentifiersAndKeys) {
  EXPECT_EQ(property_key("first name"), "'first name'");
  EXPECT_EQ(property_key("class"), "class");
  EXPECT_EQ(property_key("it's"), "'it\\'s'");
  EXPECT_EQ(safe_identifier("default"), "_default");
  EXPECT_EQ(safe_identifier("9lives"), "_9lives");
  EXPECT_TRUE(is_identifier("$x_1"));
  EXPECT_FALSE(is_identifier("a-b"));
}
