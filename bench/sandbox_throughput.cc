// Throughput of aws-sandbox on loopback: signed DynamoDB ListTables calls
// (awsJson: SigV4 verification, routing, JSON in and out) from client
// threads with keep-alive connections, through our own AwsClient.
// Usage: sandbox_throughput [requests=20000] [client_threads=4]
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "aws/aws_client.h"
#include "core/environment.h"
#include "http/curl_transport.h"
#include "sandbox/server.h"
#include "services/dynamodb_client.h"

int main(int argc, char** argv) {
  int requests = argc > 1 ? std::atoi(argv[1]) : 20000;
  int threads = argc > 2 ? std::atoi(argv[2]) : 4;
  sandbox::ServerOptions options;
  options.port = 0;
  std::ifstream in(std::string(ARM_SOURCE_DIR) + "/config/demo-estate.json");
  std::stringstream text;
  text << in.rdbuf();
  options.estate = nlohmann::json::parse(text.str());
  sandbox::Server server(options);
  if (arm::Status started = server.Start(); !started.ok()) {
    std::fprintf(stderr, "sandbox did not start: %s\n", started.ToString().c_str());
    return 1;
  }
  arm::MapEnvironment env;
  arm::EndpointConfig ec;
  ec.region = "us-east-1";
  ec.endpoint_url_flag = "http://127.0.0.1:" + std::to_string(server.port());
  arm::EndpointResolver endpoints(ec, env);
  arm::StaticCredentialsProvider creds({"test", "test", "", std::nullopt, "static"});
  arm::RealClock clock;
  arm::CurlTransport transport;
  arm::RetryOptions retry;
  retry.max_attempts = 1;
  arm::AwsClient client(transport, creds, endpoints, clock, retry);
  arm::DynamoDbClient ddb(client);

  std::atomic<int> next{0}, failures{0};
  auto t0 = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      while (next.fetch_add(1) < requests) {
        auto r = ddb.ListTables();
        if (!r.ok()) failures++;
      }
    });
  }
  for (auto& th : pool) th.join();
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf(
      "sandbox throughput: %d signed DynamoDB ListTables calls, %d client threads, %.2f s, %.0f "
      "requests/s, "
      "%d failures\n",
      requests, threads, secs, requests / secs, failures.load());
  server.Stop();
  return failures.load() == 0 ? 0 : 1;
}
