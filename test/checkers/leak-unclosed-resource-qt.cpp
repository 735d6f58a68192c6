// Qt network replies (a stand-in header with Qt's names): a reply must be
// deleted later, deleted, or given to a parent on every path.
// RUN: %check_clang_tidy %s leak-unclosed-resource %t -- -- -std=c++17 -I %S/Inputs/qt

#include <QNetworkAccessManager>

int fetch_size(QNetworkAccessManager &manager) {
  QNetworkReply *reply = manager.get(QNetworkRequest(QUrl("http://127.0.0.1/")));
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: 'reply' from 'get' is not released on every path; call 'deleteLater()' on it on every path [leak-unclosed-resource]
  if (reply->error() != QNetworkReply::NoError)
    return -1;
  int size = reply->readAll().size();
  reply->deleteLater();
  return size;
}

// Released on every path, in the three ways Qt allows.
int fetch_and_delete(QNetworkAccessManager &manager) {
  QNetworkReply *reply = manager.get(QNetworkRequest(QUrl("http://127.0.0.1/")));
  if (reply->error() != QNetworkReply::NoError) {
    delete reply;
    return -1;
  }
  int size = reply->readAll().size();
  reply->deleteLater();
  return size;
}
void post_owned(QNetworkAccessManager *manager, QObject *owner) {
  QNetworkReply *reply =
      manager->post(QNetworkRequest(QUrl("http://127.0.0.1/")), "x");
  reply->setParent(owner);
}

// Handed to code that keeps it (a signal connection, say): not ours.
void watch(QNetworkReply *reply);
void post_watched(QNetworkAccessManager *manager) {
  QNetworkReply *reply =
      manager->post(QNetworkRequest(QUrl("http://127.0.0.1/")), "x");
  watch(reply);
}
